using System.Buffers.Binary;
using SharpLvm.Nbd.Tests.Support;

namespace SharpLvm.Interop.Tests.Concurrency;

/// <summary>
/// A continuous writer and verifier of one LV over NBD: 4 KiB blocks at random, each write a pattern naming the
/// LV, the block and the block's generation; a FLUSH every <see cref="WritesPerFlush"/> writes; every
/// <see cref="WritesPerCheck"/> writes a few written blocks are read back and compared. One request in flight,
/// so the last acknowledged generation of a block is what it must hold. A write that fails leaves its block
/// ambiguous (old or new generation), recorded; the writer reconnects and goes on.
/// </summary>
internal sealed class NbdBlockWriter(string socket, string export, int tag, int blocks)
{
    public const int BlockBytes = 4096;
    public const int WritesPerFlush = 16;
    private const int WritesPerCheck = 128;
    private const int ChecksPerRound = 8;

    private readonly int[] _acked = new int[blocks];
    private readonly int[] _flushed = new int[blocks];
    private readonly HashSet<int> _ambiguous = [];
    private readonly List<string> _errors = [];

    public string Export => export;

    public int Blocks => blocks;

    public long Writes { get; private set; }

    public long Flushes { get; private set; }

    public long BlocksVerified { get; private set; }

    public long BytesServed { get; private set; }

    /// <summary>Failed requests and mismatches seen while running (each one a finding).</summary>
    public IReadOnlyList<string> Errors => _errors;

    /// <summary>The generation block <paramref name="block"/> must hold (0: never written), or -1 when ambiguous.</summary>
    public int Expected(int block) => _ambiguous.Contains(block) ? -1 : _acked[block];

    /// <summary>Blocks whose last acknowledged write a completed FLUSH covered.</summary>
    public int FlushedBlocks => _flushed.Count(g => g > 0);

    /// <summary>The bytes generation <paramref name="generation"/> of <paramref name="block"/> holds.</summary>
    public byte[] Pattern(int block, int generation)
    {
        var data = new byte[BlockBytes];
        ulong state = ((ulong)(uint)tag << 40) ^ ((ulong)(uint)block << 20) ^ (uint)generation ^ 0x9E3779B97F4A7C15UL;
        BinaryPrimitives.WriteInt32LittleEndian(data, tag);
        BinaryPrimitives.WriteInt32LittleEndian(data.AsSpan(4), block);
        BinaryPrimitives.WriteInt32LittleEndian(data.AsSpan(8), generation);
        for (int i = 16; i < BlockBytes; i += 8)
        {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            BinaryPrimitives.WriteUInt64LittleEndian(data.AsSpan(i), state);
        }
        return data;
    }

    /// <summary>Null when <paramref name="data"/> is what <paramref name="block"/> must hold, else what differs.</summary>
    public string? Check(int block, ReadOnlySpan<byte> data, string where)
    {
        int expected = Expected(block);
        if (expected == 0 || (expected < 0 && (data.SequenceEqual(Pattern(block, _acked[block])) || data.SequenceEqual(Pattern(block, _acked[block] - 1)))))
        {
            return null;
        }
        if (expected > 0 && data.SequenceEqual(Pattern(block, expected)))
        {
            return null;
        }
        int found = data.Length >= 12 ? BinaryPrimitives.ReadInt32LittleEndian(data[8..]) : -1;
        return $"{export} block {block} ({where}): expected generation {expected}, found {found} (flushed {_flushed[block]})";
    }

    /// <summary>Writes until <paramref name="stop"/>; reconnects after a failure (recorded).</summary>
    public void Run(CancellationToken stop)
    {
        var random = new Random(tag * 7919);
        int sinceFlush = 0;
        var pending = new List<int>();
        while (!stop.IsCancellationRequested)
        {
            try
            {
                using var client = TestNbdClient.Open(socket, export, structured: false);
                while (!stop.IsCancellationRequested)
                {
                    int block = random.Next(blocks);
                    int generation = _acked[block] + 1;
                    _ambiguous.Add(block);
                    _acked[block] = generation;
                    client.Write((ulong)block * BlockBytes, Pattern(block, generation));
                    _ambiguous.Remove(block);
                    Writes++;
                    BytesServed += BlockBytes;
                    pending.Add(block);
                    if (++sinceFlush == WritesPerFlush)
                    {
                        sinceFlush = 0;
                        var reply = client.Call(Cmd.Flush, 0, 0);
                        if (reply.Error != 0)
                        {
                            throw new IOException($"flush failed with NBD error {reply.Error}");
                        }
                        Flushes++;
                        pending.ForEach(b => _flushed[b] = _acked[b]);
                        pending.Clear();
                    }
                    if (Writes % WritesPerCheck == 0)
                    {
                        for (int i = 0; i < ChecksPerRound; i++)
                        {
                            int b = random.Next(blocks);
                            VerifyOne(client, b, "periodic read");
                        }
                    }
                }
            }
            catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or InvalidDataException or InvalidOperationException or EndOfStreamException)
            {
                lock (_errors)
                {
                    _errors.Add($"{export}: {e.Message}");
                }
                Thread.Sleep(100);
            }
        }
    }

    /// <summary>Reads every written block back over NBD; returns the mismatches.</summary>
    public List<string> VerifyAll()
    {
        var wrong = new List<string>();
        using var client = TestNbdClient.Open(socket, export, structured: false);
        const int BlocksPerRead = 64;
        for (int first = 0; first < blocks; first += BlocksPerRead)
        {
            int count = Math.Min(BlocksPerRead, blocks - first);
            byte[] data = client.Read((ulong)first * BlockBytes, count * BlockBytes);
            BytesServed += data.Length;
            for (int b = first; b < first + count; b++)
            {
                if (Check(b, data.AsSpan((b - first) * BlockBytes, BlockBytes), "final read over NBD") is { } why)
                {
                    wrong.Add(why);
                }
                else if (Expected(b) != 0)
                {
                    BlocksVerified++;
                }
            }
        }
        return wrong;
    }

    private void VerifyOne(TestNbdClient client, int block, string where)
    {
        byte[] data = client.Read((ulong)block * BlockBytes, BlockBytes);
        BytesServed += BlockBytes;
        if (Check(block, data, where) is { } why)
        {
            lock (_errors)
            {
                _errors.Add(why);
            }
        }
        else if (Expected(block) != 0)
        {
            BlocksVerified++;
        }
    }
}
