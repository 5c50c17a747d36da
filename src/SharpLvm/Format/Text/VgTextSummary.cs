namespace SharpLvm.Format.Text;

/// <summary>What the on-disk layer needs to pick the newest metadata copy: VG name, VG id (as written) and seqno.</summary>
public sealed record VgTextSummary(string VgName, string VgId, ulong Seqno);
