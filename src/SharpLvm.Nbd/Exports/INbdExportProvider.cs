namespace SharpLvm.Nbd.Exports;

/// <summary>Where the server looks exports up. Implementations must be safe to call from many threads.</summary>
public interface INbdExportProvider
{
    /// <summary>The export a client asked for; the empty name means the default export. Null when unknown.</summary>
    NbdExport? Find(string name);

    /// <summary>The exports NBD_OPT_LIST shows.</summary>
    IReadOnlyCollection<NbdExport> List();
}
