namespace SharpLvm.Operations.Lv;

/// <summary>What an LV operation tells the user: lines for stdout (results) and stderr (warnings, notes), LVM2's wording.</summary>
public sealed class LvOutput
{
    public List<string> Info { get; } = [];

    public List<string> Warnings { get; } = [];

    public void Print(string line) => Info.Add(line);

    public void Warn(string line) => Warnings.Add(line);
}
