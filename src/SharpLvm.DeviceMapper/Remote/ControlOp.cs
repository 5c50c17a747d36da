namespace SharpLvm.DeviceMapper.Remote;

/// <summary>The requests of the control protocol (first byte of a request payload). Numbers never change.</summary>
public enum ControlOp : byte
{
    Ping = 1,
    Create = 2,
    Load = 3,
    ClearInactive = 4,
    Suspend = 5,
    Resume = 6,
    Rename = 7,
    Remove = 8,
    InfoByName = 9,
    InfoByNumber = 10,
    InfoByUuid = 11,
    Table = 12,
    Dependencies = 13,
    List = 14,
    Status = 15,
    Message = 16,
    Attach = 17,
    WaitForSync = 18,
    Targets = 19,
    Registered = 20,
    WaitForEvent = 21,
}

/// <summary>The first byte of a response frame.</summary>
public enum ControlReply : byte
{
    /// <summary>The request succeeded; the result follows.</summary>
    Ok = 0,
    /// <summary>A <see cref="Errors.StorageException"/>: code, message, hint.</summary>
    Error = 1,
    /// <summary>An intermediate progress report (WaitForSync): in-sync and total regions; more frames follow.</summary>
    Progress = 2,
}
