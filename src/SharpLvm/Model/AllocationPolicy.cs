using System.Diagnostics.CodeAnalysis;

namespace SharpLvm.Model;

/// <summary>LVM2 allocation policies; the text form is <see cref="AllocationPolicies.ToText"/>.</summary>
public enum AllocationPolicy
{
    Inherit,
    Normal,
    Contiguous,
    Cling,
    ClingByTags,
    Anywhere,
}

/// <summary>Text forms of <see cref="AllocationPolicy"/> as in LVM2's metadata.</summary>
public static class AllocationPolicies
{
    public static string ToText(this AllocationPolicy policy) => policy switch
    {
        AllocationPolicy.Inherit => "inherit",
        AllocationPolicy.Normal => "normal",
        AllocationPolicy.Contiguous => "contiguous",
        AllocationPolicy.Cling => "cling",
        AllocationPolicy.ClingByTags => "cling_by_tags",
        AllocationPolicy.Anywhere => "anywhere",
        _ => throw new ArgumentOutOfRangeException(nameof(policy)),
    };

    public static bool TryParse(string text, [NotNullWhen(true)] out AllocationPolicy? policy)
    {
        policy = text switch
        {
            "inherit" => AllocationPolicy.Inherit,
            "normal" => AllocationPolicy.Normal,
            "contiguous" => AllocationPolicy.Contiguous,
            "cling" => AllocationPolicy.Cling,
            "cling_by_tags" => AllocationPolicy.ClingByTags,
            "anywhere" => AllocationPolicy.Anywhere,
            _ => null,
        };
        return policy is not null;
    }
}
