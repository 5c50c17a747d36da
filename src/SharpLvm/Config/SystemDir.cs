namespace SharpLvm.Config;

/// <summary>
/// Where SharpLvm keeps its configuration (the devices file, later backups and archives), like LVM2's
/// LVM_SYSTEM_DIR: <c>$LVM_SYSTEM_DIR</c>, else <c>$SHARPLVM_SYSTEM_DIR</c>, else
/// <c>$XDG_CONFIG_HOME/sharplvm</c> (or <c>~/.config/sharplvm</c>) for a user, <c>/etc/sharplvm</c> for root.
/// </summary>
public static class SystemDir
{
    public const string LvmVariable = "LVM_SYSTEM_DIR";
    public const string SharpLvmVariable = "SHARPLVM_SYSTEM_DIR";
    public const string RootDefault = "/etc/sharplvm";

    /// <summary>Resolves the directory from the environment (the directory need not exist).</summary>
    public static string Resolve() => Resolve(Environment.GetEnvironmentVariable, Environment.IsPrivilegedProcess);

    /// <summary>Resolves the directory with an explicit environment (for tests).</summary>
    public static string Resolve(Func<string, string?> env, bool isRoot)
    {
        ArgumentNullException.ThrowIfNull(env);
        foreach (string name in new[] { LvmVariable, SharpLvmVariable })
        {
            string? value = env(name);
            if (!string.IsNullOrEmpty(value))
            {
                return value;
            }
        }
        if (isRoot)
        {
            return RootDefault;
        }
        string? xdg = env("XDG_CONFIG_HOME");
        if (!string.IsNullOrEmpty(xdg))
        {
            return Path.Combine(xdg, "sharplvm");
        }
        string home = env("HOME") is { Length: > 0 } h ? h : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return Path.Combine(home, ".config", "sharplvm");
    }

    /// <summary>The devices directory (LVM2's <c>/etc/lvm/devices</c>).</summary>
    public static string DevicesDirectory(string systemDir) => Path.Combine(systemDir, "devices");

    /// <summary>The default devices file, <c>devices/system.devices</c>.</summary>
    public static string DefaultDevicesFile(string systemDir) => Path.Combine(DevicesDirectory(systemDir), "system.devices");
}
