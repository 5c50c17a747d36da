namespace SharpLvm.DeviceMapper.Errors;

/// <summary>
/// Stable error codes. Numbers never change once released: scripts and tests match on them.
/// The exit code a command returns follows LVM2: 3 for an invalid command line, 5 for a failed command.
/// </summary>
public enum ErrorCode
{
    /// <summary>A name, size, option or argument is not valid (exit 3).</summary>
    InvalidArgument = 1,
    /// <summary>The named object does not exist.</summary>
    NotFound = 2,
    /// <summary>The object exists already.</summary>
    AlreadyExists = 3,
    /// <summary>On-disk or text data is damaged or not what it claims to be.</summary>
    Corrupt = 4,
    /// <summary>A read, write or flush failed on a device.</summary>
    IoError = 5,
    /// <summary>The object is in use (open, referenced, locked).</summary>
    Busy = 6,
    /// <summary>Not enough free space (extents, metadata area).</summary>
    NoSpace = 7,
    /// <summary>The operation is not supported for this object or segment type.</summary>
    Unsupported = 8,
    /// <summary>The request contradicts the current state (e.g. suspend of a suspended device).</summary>
    InvalidState = 9,
    /// <summary>A safety check refused a plan or a step.</summary>
    Unsafe = 10,
    /// <summary>A lock could not be taken.</summary>
    LockFailed = 11,
    /// <summary>A device-mapper table line is malformed or refers to something invalid.</summary>
    InvalidTable = 12,
    /// <summary>An internal invariant broke: a bug.</summary>
    Internal = 99,
}
