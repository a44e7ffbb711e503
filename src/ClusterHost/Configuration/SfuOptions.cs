using Microsoft.Extensions.Configuration;

namespace Sfu.ClusterHost.Configuration;

/// <summary>The <c>sfu</c> section of the node's HOCON configuration (hocon/reference.conf documents every key).</summary>
public sealed record SfuOptions
{
    public NodeOptions Node { get; init; } = new();

    public HttpOptions Http { get; init; } = new();

    public MediaOptions Media { get; init; } = new();

    public ApiOptions Api { get; init; } = new();

    public ClusterOptions Cluster { get; init; } = new();

    /// <summary>Binds the <c>sfu</c> section; keys the binder cannot convert fail loudly.</summary>
    public static SfuOptions FromConfiguration(IConfiguration configuration) =>
        configuration.GetSection("sfu").Get<SfuOptions>(o => o.ErrorOnUnknownConfiguration = false) ?? new SfuOptions();
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
