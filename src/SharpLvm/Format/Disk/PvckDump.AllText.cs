namespace SharpLvm.Format.Disk;

public sealed partial class PvckDump
{
    /// <summary>
    /// pvck's search of a whole area for copies (metadata_all): try each 512-byte boundary after the header;
    /// a copy runs to its NUL, wrapping once to offset 512 but never past where the first copy found began.
    /// </summary>
    private void DumpAllText(ulong mdaOffset, byte[] area)
    {
        ulong mdaSize = (ulong)area.Length;
        ulong chunks = (mdaSize - MdaHeader.HeaderSize) / 512;
        int firstStart = 0;
        string? firstId = null;
        bool multipleVgs = false;
        ulong count = 0;
        while (count < chunks)
        {
            int bufOff = checked((int)(512 + (count * 512)));
            var found = PvckTextScan.Recognise(area, bufOff);
            if (found is not { } head)
            {
                count++;
                continue;
            }
            byte[]? text = CopyOut(area, bufOff, firstStart, out bool badEnd);
            if (text is null)
            {
                Print($"Failed to extract full metadata text at {N(mdaOffset + (ulong)bufOff)}, skipping.");
                count++;
                continue;
            }
            if (firstId is null)
            {
                firstId = head.Id;
            }
            else if (!string.Equals(firstId, head.Id, StringComparison.Ordinal))
            {
                multipleVgs = true;
            }
            uint crc = LvmCrc.Compute(text);
            Print($"metadata at {N(mdaOffset + (ulong)bufOff)} length {N((ulong)text.Length)} crc {PvckTextScan.Hex8(crc)} vg {head.VgName} seqno {N(head.Seqno)} id {head.Id}");
            if (firstStart == 0)
            {
                firstStart = bufOff;
            }
            if (_parsable is not null && !_parsable(text.AsMemory(0, text.Length - 1)))
            {
                Print($"WARNING: parse error for metadata at {N(mdaOffset + (ulong)bufOff)}");
            }
            if (badEnd)
            {
                Print($"WARNING: unexpected terminating bytes for metadata at {N(mdaOffset + (ulong)bufOff)}");
            }
            ulong length = (ulong)text.Length;
            count += length < 512 ? 1 : (length + 511) / 512;
        }
        if (multipleVgs)
        {
            Print("WARNING: metadata from multiple VGs was found.");
        }
    }

    /// <summary>LVM2's _copy_out_metadata: the text from <paramref name="start"/> through its NUL (NUL included).</summary>
    private byte[]? CopyOut(byte[] area, int start, int firstStart, out bool badEnd)
    {
        badEnd = false;
        int stop = firstStart == 0 ? start : firstStart;
        int nul = Array.IndexOf(area, (byte)0, start);
        int lengthA = 0, lengthB = 0;
        int length;
        if (nul >= 0)
        {
            length = nul - start;
        }
        else
        {
            lengthA = area.Length - start;
            int limit = Math.Min(stop, area.Length);
            int wrapNul = limit > 512 ? Array.IndexOf(area, (byte)0, 512, limit - 512) : -1;
            if (wrapNul < 0)
            {
                return null;
            }
            lengthB = wrapNul - 512;
            length = lengthA + lengthB;
        }
        if (length < 256)
        {
            Print($"skip invalid metadata with len {N((ulong)length)} at {N((ulong)start)}");
            return null;
        }
        var text = new byte[length + 1];
        if (lengthA != 0)
        {
            area.AsSpan(start, lengthA).CopyTo(text);
            area.AsSpan(512, lengthB).CopyTo(text.AsSpan(lengthA));
        }
        else
        {
            area.AsSpan(start, length + 1).CopyTo(text);
        }
        badEnd = text[^1] != 0 || text[^2] != (byte)'\n' || text[^3] != (byte)'\n';
        return text;
    }
}
