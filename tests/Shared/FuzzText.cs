using CsCheck;

namespace SharpLvm.TestSupport;

/// <summary>
/// Structure-aware mutations of text that is mostly "key = value" lines or space-separated words (LVM2 metadata,
/// device-mapper table lines): whole lines deleted, duplicated or swapped, a word replaced by another word of the
/// seeds or by a number that breaks arithmetic. The result stays close to valid, so the parser's deeper checks run.
/// </summary>
internal static class FuzzText
{
    private static readonly string[] Numbers =
    [
        "0", "1", "-1", "2", "3", "7", "8", "64", "511", "512", "4096", "65535", "65536", "2147483647", "2147483648", "4294967295",
        "4294967296", "9223372036854775807", "9223372036854775808", "18446744073709551615", "18446744073709551616", "0x10", "1e3", "+1", "",
    ];

    private static readonly Gen<(int Kind, int A, int B)> Operation = Gen.Select(Gen.Int[0, 5], Gen.Int[0, int.MaxValue], Gen.Int[0, int.MaxValue]);

    /// <summary>1–4 line and word operations on one of <paramref name="seeds"/>.</summary>
    public static Gen<string> Mutations(IReadOnlyList<string> seeds)
    {
        string[][] lines = [.. seeds.Select(s => s.Split('\n'))];
        string[] words = [.. seeds.SelectMany(s => s.Split([' ', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries)).Distinct(), .. Numbers[..1]];
        return Gen.Select(Gen.Int[0, seeds.Count - 1], Operation.Array[1, 4]).Select(t => Apply(lines[t.Item1], words, t.Item2));
    }

    private static string Apply(string[] seed, string[] corpus, (int Kind, int A, int B)[] operations)
    {
        var lines = new List<string>(seed);
        foreach (var (kind, a, b) in operations)
        {
            if (lines.Count == 0)
            {
                lines.Add(corpus[a % corpus.Length]);
                continue;
            }
            int i = a % lines.Count;
            int j = b % lines.Count;
            switch (kind)
            {
                case 0:
                    lines.RemoveAt(i);
                    break;
                case 1:
                    lines.Insert(j, lines[i]);
                    break;
                case 2:
                    (lines[i], lines[j]) = (lines[j], lines[i]);
                    break;
                case 3:
                    lines[i] = ReplaceWord(lines[i], b, Numbers[(b >> 8) % Numbers.Length]);
                    break;
                default:
                    lines[i] = ReplaceWord(lines[i], b, corpus[(b >> 8) % corpus.Length]);
                    break;
            }
        }
        return string.Join('\n', lines);
    }

    /// <summary>The line with its (<paramref name="which"/> mod count)-th word replaced; a number in a word keeps the word's punctuation.</summary>
    private static string ReplaceWord(string line, int which, string replacement)
    {
        string[] words = line.Split(' ');
        int k = which % words.Length;
        string word = words[k];
        int first = word.AsSpan().IndexOfAnyInRange('0', '9');
        if (first >= 0 && replacement.Length > 0 && (char.IsAsciiDigit(replacement[^1]) || replacement[0] == '-'))
        {
            int last = first;
            while (last < word.Length && char.IsAsciiDigit(word[last]))
            {
                last++;
            }
            words[k] = word[..first] + replacement + word[last..];
        }
        else
        {
            words[k] = replacement;
        }
        return string.Join(' ', words);
    }
}
