using SharpLvm.Nbd.Exports;
using SharpLvm.Nbd.Protocol;

namespace SharpLvm.Nbd.Server;

/// <summary>The spec's rules for requests the server refuses without touching the device.</summary>
internal static class RequestCheck
{
    /// <summary>The error to answer with, or <see cref="NbdError.None"/> when the request may run.</summary>
    public static NbdError Validate(in NbdRequest request, NbdExport export, ulong size, bool structured)
    {
        var allowed = CommandFlags.Fua;
        switch (request.Command)
        {
            case NbdCommand.Read:
                if (structured)
                {
                    allowed |= CommandFlags.DontFragment;
                }
                break;
            case NbdCommand.WriteZeroes:
                allowed |= CommandFlags.NoHole;
                break;
            case NbdCommand.Write:
            case NbdCommand.Trim:
            case NbdCommand.Flush:
                break;
            default:
                return NbdError.Invalid;
        }
        if ((request.Flags & ~allowed) != 0)
        {
            return NbdError.Invalid;
        }
        if (request.Command == NbdCommand.Flush)
        {
            return request.Offset == 0 && request.Length == 0 ? NbdError.None : NbdError.Invalid;
        }
        bool writes = request.Command is NbdCommand.Write or NbdCommand.Trim or NbdCommand.WriteZeroes;
        if (writes && export.ReadOnly)
        {
            return NbdError.Perm;
        }
        if (request.Command is NbdCommand.Read or NbdCommand.Write && request.Length > NbdMagic.MaxPayload)
        {
            return NbdError.Invalid;
        }
        if (request.Offset > size || request.Length > size - request.Offset)
        {
            return request.Command is NbdCommand.Write or NbdCommand.WriteZeroes ? NbdError.NoSpace : NbdError.Invalid;
        }
        return NbdError.None;
    }
}
