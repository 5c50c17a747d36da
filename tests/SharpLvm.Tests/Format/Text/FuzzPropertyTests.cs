using CsCheck;
using SharpLvm.DeviceMapper.Errors;
using SharpLvm.Format.Text;
using SharpLvm.TestSupport;

namespace SharpLvm.Tests.Format.Text;

/// <summary>Damaged text gives a VG or one StorageException, never another exception.</summary>
public class FuzzPropertyTests
{
    private static readonly string Sample = File.ReadAllText(TestPaths.Lvm2Fixture("vgsample.vgcfgbackup.txt"));
    private const string Noise = "{}[]=\",#\n0-9a_'\\ ";

    private static readonly Gen<string> Damaged =
        Gen.Select(Gen.Int[0, Sample.Length - 1], Gen.Int[0, 2], Gen.Char[Noise], Gen.Int[1, 40])
            .Select(t => t.Item2 switch
            {
                0 => Sample.Remove(t.Item1, Math.Min(t.Item4, Sample.Length - t.Item1)),
                1 => Sample.Insert(t.Item1, t.Item3.ToString()),
                _ => Sample[..t.Item1] + t.Item3 + Sample[(t.Item1 + 1)..],
            });

    private static void OnlyStorageExceptions(Action action)
    {
        try
        {
            action();
        }
        catch (StorageException ex)
        {
            Assert.False(string.IsNullOrWhiteSpace(ex.Message));
        }
    }

    [Fact]
    public void Damaged_text_parses_or_fails_with_a_storage_exception() =>
        Damaged.Sample(text => OnlyStorageExceptions(() => VgText.Parse(text)), iter: 400);

    [Fact]
    public void Damaged_text_summarizes_or_fails_with_a_storage_exception() =>
        Damaged.Sample(text => OnlyStorageExceptions(() => VgText.Summarize(System.Text.Encoding.UTF8.GetBytes(text))), iter: 400);
}
