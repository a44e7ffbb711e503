using System.Text;
using Sfu.Actors.Api;
using Sfu.Actors.Cluster;
using Sfu.ClusterHost.Api;
using Sfu.ClusterHost.Configuration;
using Sfu.ClusterHost.Configuration.Hocon;
using Sfu.Contracts.Ids;
using Sfu.Contracts.Options;

namespace Sfu.ClusterHost;

/// <summary>
/// The node executable: reads HOCON configuration, starts the node (media workers, actors, bus) and serves
/// <c>/healthz</c>, <c>/readyz</c>, <c>/metrics</c>, the WebSocket API at <c>/ws</c> and the demo page at <c>/</c>.
/// </summary>
public static class NodeHost
{
    /// <summary>Exit code of a node that refused to start because of its configuration.</summary>
    public const int ConfigurationErrorExitCode = 2;

    /// <summary>
    /// Runs a node until SIGTERM/Ctrl-C. Args: <c>--config &lt;file.conf&gt;</c> (default hocon/embedded.conf, or $SFU_CONFIG).
    /// A configuration the node cannot run with is reported on stderr, and the process exits with
    /// <see cref="ConfigurationErrorExitCode"/> without serving anything.
    /// </summary>
    public static async Task<int> RunAsync(string[] args)
    {
        WebApplication app;
        try
        {
            app = Build(args);
        }
        catch (Exception e) when (e is SfuConfigurationException or HoconParseException or HoconConfigException or FileNotFoundException)
        {
            await Console.Error.WriteLineAsync($"sfu: the node did not start: {e.Message}").ConfigureAwait(false);
            return ConfigurationErrorExitCode;
        }
        await app.RunAsync().ConfigureAwait(false);
        return 0;
    }

    /// <summary>Builds the web application (tests start it on a free port with <c>sfu.http.port = 0</c>).</summary>
    public static WebApplication Build(string[] args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var configFile = ResolveConfigFile(args);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddHoconFile(configFile, optional: false, environment: environment);
        var options = SfuOptions.FromConfiguration(builder.Configuration);

        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
        });
        builder.Logging.SetMinimumLevel(LogLevel.Information);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);

        builder.WebHost.UseKestrel(k => k.Listen(ParseAddress(options.Http.Host), options.Http.Port));
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(sp => SfuNode.Start(ToNodeSettings(options), new InProcessBus(), sp.GetRequiredService<ILoggerFactory>()));
        builder.Services.AddSingleton(sp => new WebSocketApi(
            sp.GetRequiredService<SfuNode>().Gateway, options.Api.MaxMessageBytes, sp.GetRequiredService<ILogger<WebSocketApi>>()));

        var app = builder.Build();
        var node = app.Services.GetRequiredService<SfuNode>();
        app.Lifetime.ApplicationStopping.Register(() =>
        {
            // Close the routers first (reason NodeShutdown), so their notifications go out before the connections close.
            node.DisposeAsync().AsTask().Wait(TimeSpan.FromSeconds(10));
            app.Services.GetRequiredService<WebSocketApi>().CloseAllAsync(TimeSpan.FromSeconds(5)).Wait();
        });

        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(15) });
        app.MapGet("/healthz", () => Results.Text("ok\n"));
        app.MapGet("/readyz", () => node.IsReady ? Results.Text("ready\n") : Results.Text($"not ready: {node.State}\n", statusCode: 503));
        app.MapGet("/metrics", () => Results.Text(Metrics(node), "text/plain; version=0.0.4"));
        app.MapGet("/", () => Results.Content(DemoPage.Html, "text/html; charset=utf-8"));
        app.Map("/ws", async (HttpContext context, WebSocketApi api) =>
        {
            if (api.IsStopping)
            {
                // The node is stopping: a client that reconnects here must try its next contact point.
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                return;
            }
            if (!context.WebSockets.IsWebSocketRequest)
            {
                context.Response.StatusCode = StatusCodes.Status426UpgradeRequired;
                await context.Response.WriteAsync("WebSocket only\n").ConfigureAwait(false);
                return;
            }
            using var socket = await context.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
            var session = context.Request.Query["session"].FirstOrDefault();
            await api.RunAsync(socket, session, context.RequestAborted).ConfigureAwait(false);
        });
        return app;
    }

    public static NodeSettings ToNodeSettings(SfuOptions options) => new()
    {
        NodeId = string.IsNullOrEmpty(options.Node.Id) ? DefaultNodeId() : options.Node.Id,
        Workers = options.Media.Workers,
        PreferEpoll = options.Media.Poller != "portable",
        RtcMinPort = options.Media.RtcMinPort,
        RtcMaxPort = options.Media.RtcMaxPort,
        LogLevel = options.Media.LogLevel switch
        {
            "debug" => WorkerLogLevel.Debug,
            "warn" => WorkerLogLevel.Warn,
            "none" => WorkerLogLevel.None,
            "error" => WorkerLogLevel.Error,
            var other => throw new SfuConfigurationException([$"sfu.media.log-level = \"{other}\": must be one of {string.Join(", ", SfuOptions.LogLevels)}"]),
        },
        LogTags = options.Media.LogTags,
        RequestTimeout = options.Api.RequestTimeout,
    };

    /// <summary>The host name, made into a valid node id.</summary>
    public static string DefaultNodeId()
    {
        var chars = Environment.MachineName.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' ? c : '-').ToArray();
        var id = new string(chars).Trim('-');
        if (id.Length > 48)
        {
            id = id[..48];
        }
        return EntityId.IsValidNodeId(id) ? id : "node";
    }

    private static string ResolveConfigFile(string[] args)
    {
        var index = Array.IndexOf(args, "--config");
        var file = index >= 0 && index + 1 < args.Length ? args[index + 1] : Environment.GetEnvironmentVariable("SFU_CONFIG");
        file ??= "hocon/embedded.conf";
        if (File.Exists(file))
        {
            return Path.GetFullPath(file);
        }
        var beside = Path.Combine(AppContext.BaseDirectory, file);
        return File.Exists(beside) ? beside : Path.GetFullPath(file);
    }

    private static System.Net.IPAddress ParseAddress(string host) =>
        host is "localhost" ? System.Net.IPAddress.Loopback
        : host is "*" or "0.0.0.0" ? System.Net.IPAddress.Any
        : System.Net.IPAddress.Parse(host);

    private static string Metrics(SfuNode node)
    {
        var sb = new StringBuilder();
        sb.Append("# HELP sfu_node_ready 1 when the node takes requests.\n# TYPE sfu_node_ready gauge\n");
        sb.Append("sfu_node_ready ").Append(node.IsReady ? 1 : 0).Append('\n');
        sb.Append("# HELP sfu_worker_routers Routers placed on each media worker.\n# TYPE sfu_worker_routers gauge\n");
        foreach (var worker in node.Workers)
        {
            sb.Append("sfu_worker_routers{worker=\"").Append(worker.WorkerId).Append("\"} ").Append(worker.RouterCount).Append('\n');
        }
        return sb.ToString();
    }
}
