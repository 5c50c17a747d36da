namespace SharpLvm.Nbd.Server;

/// <summary>Limits and timeouts of an <see cref="NbdServer"/>. The defaults suit qemu, nbdcopy and the kernel client.</summary>
public sealed record NbdServerOptions
{
    /// <summary>Requests a connection may have read but not yet answered; the reader waits beyond this.</summary>
    public int MaxInFlightRequests { get; init; } = 64;

    /// <summary>
    /// Payload bytes a connection may hold in buffers (reads waiting to be sent, writes waiting to be done).
    /// One request of the largest payload (32 MiB) is always admitted when nothing else is in flight.
    /// </summary>
    public long MaxInFlightBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>The whole option negotiation must finish within this time.</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A reply that cannot be sent within this time (the client stopped reading) ends the connection;
    /// so does a write payload that does not arrive within it. Waiting for the device never times out
    /// (a suspended device just delays the answers).
    /// </summary>
    public TimeSpan IoTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Connections accepted at once, over all listeners; more are closed at once.</summary>
    public int MaxConnections { get; init; } = 256;

    /// <summary>Where to report connection events and errors; null for silence.</summary>
    public Action<string>? Log { get; init; }
}
