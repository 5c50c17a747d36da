using SharpLvm.DeviceMapper.Errors;
using SharpLvm.Format.Text;

namespace SharpLvm.Tests.Format.Text;

public class ConfigParserTests
{
    [Fact]
    public void Parses_sections_settings_and_value_kinds_with_lines()
    {
        const string text = "# comment\nouter {\n  a = -12\n  b = 3.5 # trailing\n  c = \"x \\\"q\\\" \\\\ y\"\n" +
                            "  d = 'single \\ kept'\n  e = bare_word\n  inner { f = [ ] }\n  g = [\n \"pv0\", 1,\n \"pv1\" 2\n ]\n}\n";

        List<ConfigNode> top = ConfigParser.Parse(text);

        ConfigNode outer = Assert.Single(top);
        Assert.True(outer.IsSection);
        Assert.Equal(2, outer.Line);
        Assert.Equal(-12, outer.Find("a")!.Value!.Integer);
        Assert.Equal(3, outer.Find("a")!.Line);
        Assert.Equal(ConfigValueKind.Float, outer.Find("b")!.Value!.Kind);
        Assert.Equal(3.5, outer.Find("b")!.Value!.Float);
        Assert.Equal("x \"q\" \\ y", outer.Find("c")!.Value!.Text);
        Assert.Equal("single \\ kept", outer.Find("d")!.Value!.Text);
        Assert.Equal("bare_word", outer.Find("e")!.Value!.Text);
        ConfigNode inner = outer.Find("inner")!;
        Assert.Empty(inner.Find("f")!.Value!.Items!);
        IReadOnlyList<ConfigValue> g = outer.Find("g")!.Value!.Items!;
        Assert.Equal(["pv0", "1", "pv1", "2"], g.Select(v => v.Kind == ConfigValueKind.String ? v.Text! : v.Integer.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal([10, 10, 11, 11], g.Select(v => v.Line));
    }

    [Fact]
    public void Leading_zero_is_octal_like_strtoll()
    {
        ConfigNode node = Assert.Single(ConfigParser.Parse("a = 010\n"));
        Assert.Equal(8, node.Value!.Integer);
    }

    [Fact]
    public void Extreme_integers_parse_and_overflow_is_an_error()
    {
        List<ConfigNode> nodes = ConfigParser.Parse("a = -9223372036854775808\nb = 9223372036854775807\n");
        Assert.Equal(long.MinValue, nodes[0].Value!.Integer);
        Assert.Equal(long.MaxValue, nodes[1].Value!.Integer);
        var ex = Assert.Throws<StorageException>(() => ConfigParser.Parse("a = 1\nb = 9223372036854775808\n"));
        Assert.Equal(ErrorCode.Corrupt, ex.Code);
        Assert.Contains("line 2", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a {\n b = 1\n", "line 3", "'}'")]
    [InlineData("a {\n b 1\n}\n", "line 2", "'=' or '{'")]
    [InlineData("a = \n", "line 2", "a value")]
    [InlineData("a = [1, 2\n", "line 2", "']'")]
    [InlineData("x = 1\ny = \"open\n", "line 2", "unterminated string")]
    [InlineData("a = }\n", "line 1", "a value")]
    [InlineData("{ }\n", "line 1", "a key")]
    public void Syntax_errors_name_the_line_and_what_was_expected(string text, string line, string expected)
    {
        var ex = Assert.Throws<StorageException>(() => ConfigParser.Parse(text, "test text"));

        Assert.Equal(ErrorCode.Corrupt, ex.Code);
        Assert.Contains(line, ex.Message, StringComparison.Ordinal);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.Contains("test text", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Writer_output_parses_back_to_the_same_tree()
    {
        const string text = "top {\nk = \"a\\\"b\"\nn = -5\nf = 0.5\narr = [\"x\", 1, 2.5]\n\nsub {\nq = []\n}\n}\n";
        List<ConfigNode> tree = ConfigParser.Parse(text);

        string written = ConfigWriter.Write(tree);

        Assert.Equal(tree, ConfigParser.Parse(written));
        Assert.Contains("\tk = \"a\\\"b\"\n", written, StringComparison.Ordinal);
        Assert.Contains("\n\n\tsub {\n", written, StringComparison.Ordinal);
    }

    [Fact]
    public void Bytes_stop_at_the_first_nul()
    {
        byte[] bytes = [.. "a = 1\n"u8, 0, .. "garbage {"u8];

        ConfigNode node = Assert.Single(ConfigParser.Parse(bytes));

        Assert.Equal(1, node.Value!.Integer);
    }
}
