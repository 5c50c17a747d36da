using System.Diagnostics.CodeAnalysis;

namespace SharpLvm.DeviceMapper.Errors;

/// <summary>
/// The one exception type of SharpLvm: a stable <see cref="ErrorCode"/>, a message naming the object,
/// and an optional hint telling the user what to do. The CLI prints <see cref="Exception.Message"/>
/// (and the hint) on one line of stderr and exits with <see cref="ExitCode"/>.
/// </summary>
public sealed class StorageException : Exception
{
    public StorageException(ErrorCode code, string message, string? hint = null, Exception? inner = null)
        : base(message, inner)
    {
        Code = code;
        Hint = hint;
    }

    public ErrorCode Code { get; }

    public string? Hint { get; }

    /// <summary>LVM2's exit codes: 3 invalid command line (EINVALID_CMD_LINE), 5 command failed (ECMD_FAILED).</summary>
    public int ExitCode => Code == ErrorCode.InvalidArgument ? 3 : 5;

    /// <summary>The single line the CLI prints.</summary>
    public string OneLine => Hint is null ? Message : $"{Message} ({Hint})";

    [DoesNotReturn]
    public static void Throw(ErrorCode code, string message, string? hint = null) =>
        throw new StorageException(code, message, hint);
}
