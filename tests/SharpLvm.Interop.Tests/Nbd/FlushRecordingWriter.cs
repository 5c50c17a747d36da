using SharpLvm.Nbd.Tests.Support;

namespace SharpLvm.Interop.Tests.Nbd;

/// <summary>
/// Writes distinct slots of an export over NBD, a FLUSH after every <see cref="WritesPerFlush"/> writes, and
/// records which writes were acknowledged before the last FLUSH that completed: those must survive a crash.
/// Each slot is written once, so what a slot must hold afterwards is never ambiguous. Stops at the first error
/// (the server went away). With <see cref="Crash"/> set, it is called (once, on the writer's thread) after
/// <see cref="CrashAfterFlushes"/> completed flushes and two more acknowledged writes: the moment is then
/// always one with unflushed writes, whose regions a mirror's disk log holds dirty.
/// </summary>
internal sealed class FlushRecordingWriter(string socket, string export, int slotBytes, int slots)
{
    public const int WritesPerFlush = 4;
    private const int Stride = 1237; // odd, so slot k * Stride mod slots visits every slot once (slots a power of two)

    private readonly List<int> _flushed = [];
    private int _completedFlushes;

    /// <summary>The slots whose writes a completed FLUSH covered, in write order.</summary>
    public IReadOnlyList<int> Flushed => _flushed;

    public int CompletedFlushes => Volatile.Read(ref _completedFlushes);

    public int Written { get; private set; }

    public Action? Crash { get; set; }

    public int CrashAfterFlushes { get; init; } = 12;

    public long Offset(int k) => (long)(k * (long)Stride % slots) * slotBytes;

    /// <summary>The bytes write number <paramref name="k"/> puts in its slot.</summary>
    public byte[] Content(int k)
    {
        var data = new byte[slotBytes];
        new Random(k + 7919).NextBytes(data);
        return data;
    }

    /// <summary>Writes until the connection fails or every slot is written; returns why it stopped.</summary>
    public string Run()
    {
        try
        {
            using var client = TestNbdClient.Open(socket, export, structured: false);
            var pending = new List<int>();
            for (int k = 0; k < slots; k++)
            {
                client.Write((ulong)Offset(k), Content(k));
                Written = k + 1;
                pending.Add(k);
                if (Crash is { } crash && CompletedFlushes >= CrashAfterFlushes && pending.Count == 2)
                {
                    Crash = null;
                    crash();
                }
                if (pending.Count == WritesPerFlush)
                {
                    var reply = client.Call(Cmd.Flush, 0, 0);
                    if (reply.Error != 0)
                    {
                        return $"flush failed with NBD error {reply.Error}";
                    }
                    _flushed.AddRange(pending);
                    pending.Clear();
                    Interlocked.Increment(ref _completedFlushes);
                }
            }
            return "all slots written";
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or InvalidDataException or EndOfStreamException)
        {
            return "connection lost: " + e.Message;
        }
    }
}
