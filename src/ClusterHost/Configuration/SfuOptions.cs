using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Configuration;
using Sfu.Contracts.Ids;
using Sfu.Contracts.Options;

namespace Sfu.ClusterHost.Configuration;

/// <summary>The <c>sfu</c> section of the node's HOCON configuration (hocon/reference.conf documents every key).</summary>
public sealed record SfuOptions
{
    /// <summary>The configuration section these options bind.</summary>
    public const string Section = "sfu";

    /// <summary>The buses this build has (<c>sfu.cluster.bus</c>).</summary>
    public static IReadOnlyList<string> Buses { get; } = ["in-process"];

    /// <summary>The media workers' socket pollers (<c>sfu.media.poller</c>).</summary>
    public static IReadOnlyList<string> Pollers { get; } = ["epoll", "portable"];

    /// <summary>Worker log levels (<c>sfu.media.log-level</c>), as mediasoup's worker settings spell them.</summary>
    public static IReadOnlyList<string> LogLevels { get; } = ["debug", "warn", "error", "none"];

    public NodeOptions Node { get; init; } = new();

    public HttpOptions Http { get; init; } = new();

    public MediaOptions Media { get; init; } = new();

    public ApiOptions Api { get; init; } = new();

    public ClusterOptions Cluster { get; init; } = new();

    /// <summary>
    /// Binds and checks the <c>sfu</c> section. Fails loudly, listing every problem with its key: unknown keys (a
    /// misspelt key would otherwise be a knob that silently does nothing), values the binder cannot convert, and
    /// values outside what this build supports.
    /// </summary>
    /// <exception cref="SfuConfigurationException">The configuration has problems.</exception>
    public static SfuOptions FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(Section);
        var problems = new List<string>();
        CheckKeys(section, typeof(SfuOptions), Section, problems);
        if (problems.Count > 0)
        {
            throw new SfuConfigurationException(problems);
        }

        SfuOptions options;
        try
        {
            // CheckKeys has already refused unknown keys: the binder's own check (ErrorOnUnknownConfiguration) cannot
            // be used, as it ignores [ConfigurationKeyName] and takes every kebab-case key for an unknown one.
            options = section.Get<SfuOptions>() ?? new SfuOptions();
        }
        catch (InvalidOperationException e)
        {
            // The binder names the key (sfu:media:workers) and the type it wanted.
            throw new SfuConfigurationException([e.InnerException is { } inner ? $"{e.Message} {inner.Message}" : e.Message], e);
        }

        options.Validate(problems);
        if (problems.Count > 0)
        {
            throw new SfuConfigurationException(problems);
        }
        return options;
    }

    private void Validate(List<string> problems)
    {
        if (Node.Id.Length > 0 && !EntityId.IsValidNodeId(Node.Id))
        {
            problems.Add($"sfu.node.id = \"{Node.Id}\": a node id is 1–48 characters of [A-Za-z0-9._-] (empty = the host name)");
        }
        if (Http.Port is < 0 or > 65535)
        {
            problems.Add(Invariant($"sfu.http.port = {Http.Port}: must be 0–65535 (0 = any free port)"));
        }
        if (Media.Workers < 0)
        {
            problems.Add(Invariant($"sfu.media.workers = {Media.Workers}: must be 0 (one per core) or more"));
        }
        if (!Pollers.Contains(Media.Poller, StringComparer.Ordinal))
        {
            problems.Add($"sfu.media.poller = \"{Media.Poller}\": must be one of {string.Join(", ", Pollers)}");
        }
        if (Media.RtcMinPort is < 1 or > 65535 || Media.RtcMaxPort is < 1 or > 65535 || Media.RtcMinPort > Media.RtcMaxPort)
        {
            problems.Add(Invariant($"sfu.media.rtc-min-port = {Media.RtcMinPort}, sfu.media.rtc-max-port = {Media.RtcMaxPort}: ports 1–65535, min ≤ max"));
        }
        if (!LogLevels.Contains(Media.LogLevel, StringComparer.Ordinal))
        {
            problems.Add($"sfu.media.log-level = \"{Media.LogLevel}\": must be one of {string.Join(", ", LogLevels)}");
        }
        var badTags = Media.LogTags.Where(t => !WorkerLogTags.IsKnown(t)).ToArray();
        if (badTags.Length > 0)
        {
            problems.Add($"sfu.media.log-tags: unknown tag(s) {string.Join(", ", badTags.Select(t => $"\"{t}\""))}; the tags are {string.Join(", ", WorkerLogTags.All)}");
        }
        if (Api.RequestTimeout <= TimeSpan.Zero)
        {
            problems.Add($"sfu.api.request-timeout = {Api.RequestTimeout}: must be longer than 0");
        }
        if (Api.MaxMessageBytes <= 0)
        {
            problems.Add(Invariant($"sfu.api.max-message-bytes = {Api.MaxMessageBytes}: must be more than 0"));
        }
        if (!Buses.Contains(Cluster.Bus, StringComparer.Ordinal))
        {
            problems.Add($"sfu.cluster.bus = \"{Cluster.Bus}\": only \"in-process\" exists in this build (one embedded node, no broker)");
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>Every child of <paramref name="section"/> must be a key of <paramref name="type"/>, of the right shape.</summary>
    private static void CheckKeys(IConfigurationSection section, Type type, string path, List<string> problems)
    {
        if (section.Value is not null)
        {
            problems.Add($"{path} = \"{section.Value}\": must be an object of keys");
        }
        var properties = OptionProperties(type).ToDictionary(KeyOf, StringComparer.OrdinalIgnoreCase);
        foreach (var child in section.GetChildren())
        {
            var childPath = $"{path}.{child.Key}";
            if (!properties.TryGetValue(child.Key, out var property))
            {
                problems.Add($"{childPath}: unknown key (hocon/reference.conf lists every key with its default)");
            }
            else if (IsSection(property.PropertyType))
            {
                CheckKeys(child, property.PropertyType, childPath, problems);
            }
            else if (property.PropertyType.IsArray)
            {
                if (child.Value is not null)
                {
                    problems.Add($"{childPath} = \"{child.Value}\": must be a list, e.g. [\"a\", \"b\"]");
                }
                if (child.GetChildren().Any(item => !int.TryParse(item.Key, NumberStyles.None, CultureInfo.InvariantCulture, out _) || item.GetChildren().Any()))
                {
                    problems.Add($"{childPath}: must be a list of single values");
                }
            }
            else if (child.GetChildren().Any())
            {
                problems.Add($"{childPath}: must be a single value, not a list or an object");
            }
            else if (child.Value is { } value && !Converts(value, property.PropertyType))
            {
                problems.Add($"{childPath} = \"{value}\": {Expected(property.PropertyType)}");
            }
        }
    }

    /// <summary>Whether the binder can convert <paramref name="value"/> (it uses the type's TypeConverter, invariant culture).</summary>
    private static bool Converts(string value, Type type)
    {
        if (type == typeof(string))
        {
            return true;
        }
        if (type == typeof(TimeSpan))
        {
            // The HOCON reader turns a duration with a unit (10s) into "00:00:10"; a bare number would bind as days.
            return value.Contains(':', StringComparison.Ordinal) && TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out _);
        }
        try
        {
            TypeDescriptor.GetConverter(type).ConvertFromInvariantString(value);
            return true;
        }
        catch (Exception e) when (e is FormatException or ArgumentException or NotSupportedException or OverflowException)
        {
            return false;
        }
    }

    private static string Expected(Type type) =>
        type == typeof(int) ? "must be a whole number"
        : type == typeof(TimeSpan) ? "must be a duration with a unit, e.g. 500ms, 10s, 2m"
        : type == typeof(bool) ? "must be true or false"
        : $"must be a {type.Name}";

    /// <summary>The properties the binder fills (public, settable).</summary>
    internal static IEnumerable<PropertyInfo> OptionProperties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod is { IsPublic: true });

    /// <summary>The configuration key of a property: its <see cref="ConfigurationKeyNameAttribute"/>, else its name.</summary>
    internal static string KeyOf(PropertyInfo property) =>
        property.GetCustomAttribute<ConfigurationKeyNameAttribute>()?.Name ?? property.Name;

    /// <summary>An options record (an object of keys), as opposed to a value or a list.</summary>
    internal static bool IsSection(Type type) => type.IsClass && type != typeof(string) && !type.IsArray;
}

/// <summary>The configuration cannot run a node; the message lists every problem with its key.</summary>
public sealed class SfuConfigurationException(IReadOnlyList<string> problems, Exception? inner = null)
    : Exception("invalid configuration:" + string.Concat(problems.Select(p => Environment.NewLine + "  " + p)), inner)
{
    public IReadOnlyList<string> Problems { get; } = problems;
}

public sealed record NodeOptions
{
    public string Id { get; init; } = "";
}

public sealed record HttpOptions
{
    public string Host { get; init; } = "127.0.0.1";

    public int Port { get; init; } = 8080;
}

public sealed record MediaOptions
{
    public int Workers { get; init; }

    public string Poller { get; init; } = "epoll";

    [ConfigurationKeyName("rtc-min-port")]
    public int RtcMinPort { get; init; } = 10000;

    [ConfigurationKeyName("rtc-max-port")]
    public int RtcMaxPort { get; init; } = 59999;

    [ConfigurationKeyName("log-level")]
    public string LogLevel { get; init; } = "error";

    [ConfigurationKeyName("log-tags")]
    public string[] LogTags { get; init; } = [];
}

public sealed record ApiOptions
{
    [ConfigurationKeyName("request-timeout")]
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    [ConfigurationKeyName("max-message-bytes")]
    public int MaxMessageBytes { get; init; } = 1024 * 1024;
}

public sealed record ClusterOptions
{
    public string Bus { get; init; } = "in-process";
}
