using System.Collections.Concurrent;
using SharpLvm.DeviceMapper.Errors;

namespace SharpLvm.Nbd.Exports;

/// <summary>
/// The ordinary export provider: exports are added when a volume is activated and removed (drained) when
/// it is deactivated.
/// </summary>
public sealed class NbdExportSet : INbdExportProvider
{
    private readonly ConcurrentDictionary<string, NbdExport> _exports = new(StringComparer.Ordinal);

    /// <summary>The export a client gets when it asks for the empty name; null for none.</summary>
    public string? DefaultName { get; set; }

    public int Count => _exports.Count;

    /// <summary>Adds an export; throws AlreadyExists when the name is taken.</summary>
    public void Add(NbdExport export)
    {
        ArgumentNullException.ThrowIfNull(export);
        if (export.IsRetired)
        {
            throw new StorageException(ErrorCode.InvalidState, $"NBD export {export.Name} was retired and cannot be added again");
        }
        if (!_exports.TryAdd(export.Name, export))
        {
            throw new StorageException(ErrorCode.AlreadyExists, $"NBD export {export.Name} already exists");
        }
    }

    /// <summary>
    /// Removes an export: it disappears from lists at once; the task completes when every connection that
    /// used it has finished its requests and closed. False when there was no such export.
    /// </summary>
    public async Task<bool> RemoveAsync(string name)
    {
        if (!_exports.TryRemove(name, out var export))
        {
            return false;
        }
        await export.RetireAsync().ConfigureAwait(false);
        return true;
    }

    public NbdExport? Find(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0)
        {
            name = DefaultName ?? string.Empty;
        }
        return _exports.TryGetValue(name, out var export) && !export.IsRetired ? export : null;
    }

    public IReadOnlyCollection<NbdExport> List() => [.. _exports.Values.Where(e => !e.IsRetired).OrderBy(e => e.Name, StringComparer.Ordinal)];
}
