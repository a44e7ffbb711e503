using System.Text;
using Microsoft.Extensions.Configuration;

namespace Sfu.ClusterHost.Configuration.Hocon;

/// <summary>A HOCON file as a Microsoft.Extensions.Configuration source.</summary>
public sealed class HoconConfigurationSource : FileConfigurationSource
{
    /// <summary>
    /// Environment variables for <c>${VAR}</c> / <c>${?VAR}</c> fallbacks; null means the process environment.
    /// </summary>
    public IReadOnlyDictionary<string, string>? Environment { get; set; }

    public override IConfigurationProvider Build(IConfigurationBuilder builder)
    {
        EnsureDefaults(builder);
        return new HoconConfigurationProvider(this);
    }
}

/// <summary>
/// Loads a HOCON file (with its includes and substitutions resolved) into configuration keys as
/// <see cref="HoconConfig.ToFlatDictionary"/> describes.
/// </summary>
public sealed class HoconConfigurationProvider(HoconConfigurationSource source) : FileConfigurationProvider(source)
{
    public override void Load(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var hoconSource = (HoconConfigurationSource)Source;
        var physicalPath = Source.FileProvider?.GetFileInfo(Source.Path ?? "").PhysicalPath;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var text = reader.ReadToEnd();
        var config = HoconParser.Parse(
            text,
            physicalPath ?? Source.Path,
            new HoconParseOptions { Environment = hoconSource.Environment });

        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in config.ToFlatDictionary())
        {
            data[key] = value;
        }

        Data = data;
    }
}

/// <summary>
/// Adds HOCON files to a configuration builder.
/// <para>
/// Keys keep their HOCON spelling (<c>sfu:http:listen-port</c>). The binder matches names case-insensitively but does
/// not turn <c>listen-port</c> into <c>ListenPort</c>, so options types name their kebab-case keys:
/// <c>[ConfigurationKeyName("listen-port")] public int ListenPort { get; init; }</c>. Durations with a unit bind to
/// <see cref="TimeSpan"/> properties.
/// </para>
/// </summary>
public static class HoconConfigurationExtensions
{
    /// <summary>Adds a HOCON file; a relative path is found through the builder's file provider (its base path).</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="path">The file.</param>
    /// <param name="optional">Whether a missing file is ignored (a missing required include is always an error).</param>
    /// <param name="environment">Environment variables for substitutions; null means the process environment.</param>
    public static IConfigurationBuilder AddHoconFile(
        this IConfigurationBuilder builder,
        string path,
        bool optional = false,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(path);
        return builder.AddHoconFile(source =>
        {
            source.Path = path;
            source.Optional = optional;
            source.Environment = environment;
            source.ResolveFileProvider();
        });
    }

    /// <summary>Adds a HOCON file configured by <paramref name="configure"/>.</summary>
    public static IConfigurationBuilder AddHoconFile(this IConfigurationBuilder builder, Action<HoconConfigurationSource> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Add(configure);
    }
}
