using System.Text;

namespace SharpLvm.Format.Text;

/// <summary>
/// Line output as LVM2's export.c does it. In file form (backup files) lines are indented with tabs and may
/// carry a comment lined up with tabs; in raw form (on-disk) there is no indentation and no comment.
/// </summary>
internal sealed class TextEmitter
{
    private const int CommentTab = 6;
    private readonly StringBuilder _sb;

    public TextEmitter(bool fileForm, int capacity = 4096)
    {
        FileForm = fileForm;
        _sb = new StringBuilder(capacity);
    }

    public bool FileForm { get; }

    public int Indent { get; set; }

    public void Line(string text)
    {
        WriteIndent();
        _sb.Append(text).Append('\n');
    }

    /// <summary>A line with a comment (file form only), tab-aligned like LVM2's _out_with_comment_file.</summary>
    public void Line(string text, string? comment)
    {
        WriteIndent();
        _sb.Append(text);
        if (FileForm && comment is not null)
        {
            int i = (text.Length + (8 * Indent)) / 8;
            i++;
            do
            {
                _sb.Append('\t');
            }
            while (++i < CommentTab);
            _sb.Append(comment);
        }
        _sb.Append('\n');
    }

    /// <summary>Text written as is (no indentation, comments included in both forms).</summary>
    public void Raw(string text) => _sb.Append(text);

    public void Blank() => _sb.Append('\n');

    public void Open(string key)
    {
        Line(key + " {");
        Indent++;
    }

    public void Close()
    {
        Indent--;
        Line("}");
    }

    public override string ToString() => _sb.ToString();

    private void WriteIndent()
    {
        if (FileForm)
        {
            _sb.Append('\t', Indent);
        }
    }
}
