using System.Reflection;
using Microsoft.Extensions.Configuration;
using Sfu.Actors.Cluster;
using Sfu.ClusterHost.Configuration;
using Sfu.ClusterHost.Configuration.Hocon;
using Sfu.Tests.Shared;

namespace Sfu.ClusterHost.Tests.Configuration;

/// <summary>The shipped HOCON files bind to the node's typed options, and environment variables override them.</summary>
public sealed class SfuOptionsTests
{
    private static string Shipped(string file) => Path.Combine(AppContext.BaseDirectory, "hocon", file);

    private static SfuOptions Load(string file, Dictionary<string, string> environment) =>
        SfuOptions.FromConfiguration(new ConfigurationBuilder().AddHoconFile(Shipped(file), environment: environment).Build());

    [Fact]
    public void The_embedded_configuration_gives_every_documented_default()
    {
        var options = Load("embedded.conf", []);
        Assert.Equal("", options.Node.Id);
        Assert.Equal("127.0.0.1", options.Http.Host);
        Assert.Equal(8080, options.Http.Port);
        Assert.Equal(0, options.Media.Workers);
        Assert.Equal("epoll", options.Media.Poller);
        Assert.Equal(10000, options.Media.RtcMinPort);
        Assert.Equal(59999, options.Media.RtcMaxPort);
        Assert.Equal("error", options.Media.LogLevel);
        Assert.Empty(options.Media.LogTags);
        Assert.Equal(TimeSpan.FromSeconds(10), options.Api.RequestTimeout);
        Assert.Equal(1048576, options.Api.MaxMessageBytes);
        Assert.Equal("in-process", options.Cluster.Bus);
    }

    [Fact]
    public void Environment_variables_override_the_keys_that_name_them()
    {
        var options = Load("embedded.conf", new()
        {
            ["SFU_NODE_ID"] = "node-7",
            ["SFU_HTTP_HOST"] = "0.0.0.0",
            ["SFU_HTTP_PORT"] = "9090",
            ["SFU_MEDIA_WORKERS"] = "3",
        });
        Assert.Equal("node-7", options.Node.Id);
        Assert.Equal("0.0.0.0", options.Http.Host);
        Assert.Equal(9090, options.Http.Port);
        Assert.Equal(3, options.Media.Workers);
    }

    [Fact]
    public void Node_settings_come_from_options_and_an_empty_node_id_means_the_host_name()
    {
        var settings = NodeHost.ToNodeSettings(Load("embedded.conf", new() { ["SFU_MEDIA_WORKERS"] = "2" }));
        Assert.Equal(NodeHost.DefaultNodeId(), settings.NodeId);
        Assert.True(Sfu.Contracts.Ids.EntityId.IsValidNodeId(settings.NodeId));
        Assert.Equal(2, settings.EffectiveWorkers);
        Assert.True(settings.PreferEpoll);
        Assert.Equal(TimeSpan.FromSeconds(10), settings.RequestTimeout);
    }

    [Fact]
    public void Every_key_of_reference_conf_is_an_option_and_every_option_is_in_reference_conf()
    {
        // A documented key that no option reads would be a knob that does nothing; an option missing from
        // reference.conf would be undocumented. Keys whose value is an empty list (log-tags = []) count too.
        var documented = Leaves(HoconParser.ParseFile(Shipped("reference.conf")).Root, null).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var bound = OptionKeys(typeof(SfuOptions), "sfu").ToHashSet(StringComparer.OrdinalIgnoreCase);

        Assert.Contains("sfu.media.log-tags", documented);
        Assert.Empty(documented.Except(bound, StringComparer.OrdinalIgnoreCase));
        Assert.Empty(bound.Except(documented, StringComparer.OrdinalIgnoreCase));
    }

    [Fact]
    public void Zero_workers_means_one_per_core()
    {
        var options = LoadText("sfu.media.workers = 0");

        Assert.Equal(0, options.Media.Workers);
        Assert.Equal(Environment.ProcessorCount, NodeHost.ToNodeSettings(options).EffectiveWorkers);
    }

    [Fact]
    public async Task A_node_started_with_zero_workers_runs_one_per_core()
    {
        await using var node = await RunningNode.StartAsync("per-core", workers: 0);

        Assert.Equal(Environment.ProcessorCount, node.Node.Workers.Count);
        Assert.Equal(Enumerable.Range(0, Environment.ProcessorCount), node.Node.GetStatus().Workers.Select(w => w.WorkerId));
    }

    [Theory]
    [InlineData("sfu.media.wrokers = 2", "sfu.media.wrokers: unknown key")]
    [InlineData("sfu.htp { port = 8081 }", "sfu.htp: unknown key")]
    [InlineData("sfu.media.Workerz = 2", "sfu.media.Workerz: unknown key")]
    [InlineData("sfu.logging = true", "sfu.logging: unknown key")]
    [InlineData("sfu.node.id { name = a }", "sfu.node.id: must be a single value")]
    [InlineData("sfu.http.port = [8080, 8081]", "sfu.http.port: must be a single value")]
    [InlineData("sfu.media.log-tags = \"rtp\"", "sfu.media.log-tags = \"rtp\": must be a list")]
    [InlineData("sfu.media.log-tags = [[\"rtp\"]]", "sfu.media.log-tags: must be a list of single values")]
    [InlineData("sfu.api = 5", "sfu.api = \"5\": must be an object of keys")]
    public void Unknown_or_misshapen_keys_under_sfu_fail_naming_the_key(string text, string expected)
    {
        var error = Assert.Throws<SfuConfigurationException>(() => LoadText(text));

        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Keys_outside_sfu_are_left_alone()
    {
        var options = LoadText("akka.loglevel = DEBUG\nsomething-else { x = 1 }");

        Assert.Equal(8080, options.Http.Port);
    }

    [Theory]
    [InlineData("sfu.cluster.bus = \"kafka\"", "sfu.cluster.bus = \"kafka\": only \"in-process\" exists in this build")]
    [InlineData("sfu.cluster.bus = \"\"", "sfu.cluster.bus = \"\": only \"in-process\" exists")]
    [InlineData("sfu.media.poller = \"select\"", "sfu.media.poller = \"select\": must be one of epoll, portable")]
    [InlineData("sfu.media.poller = \"EPOLL\"", "sfu.media.poller = \"EPOLL\": must be one of epoll, portable")]
    [InlineData("sfu.media.log-level = \"verbose\"", "sfu.media.log-level = \"verbose\": must be one of debug, warn, error, none")]
    [InlineData("sfu.media.log-level = \"\"", "sfu.media.log-level = \"\": must be one of")]
    [InlineData("sfu.media.log-tags = [\"rtp\", \"chicken\"]", "sfu.media.log-tags: unknown tag(s) \"chicken\"; the tags are info, ice, dtls, rtp")]
    [InlineData("sfu.node.id = \"node~1\"", "sfu.node.id = \"node~1\": a node id is 1–48 characters of [A-Za-z0-9._-]")]
    [InlineData("sfu.node.id = \"a b\"", "sfu.node.id = \"a b\"")]
    [InlineData("sfu.media.workers = -1", "sfu.media.workers = -1: must be 0 (one per core) or more")]
    [InlineData("sfu.http.port = 70000", "sfu.http.port = 70000: must be 0–65535")]
    [InlineData("sfu.media.rtc-min-port = 20000\nsfu.media.rtc-max-port = 10000", "ports 1–65535, min ≤ max")]
    [InlineData("sfu.api.request-timeout = 0s", "sfu.api.request-timeout = 00:00:00: must be longer than 0")]
    [InlineData("sfu.api.max-message-bytes = 0", "sfu.api.max-message-bytes = 0: must be more than 0")]
    [InlineData("sfu.media.workers = many", "sfu.media.workers = \"many\": must be a whole number")]
    [InlineData("sfu.http.port = 80.5", "sfu.http.port = \"80.5\": must be a whole number")]
    [InlineData("sfu.api.request-timeout = 10", "sfu.api.request-timeout = \"10\": must be a duration with a unit")]
    [InlineData("sfu.api.request-timeout = soon", "sfu.api.request-timeout = \"soon\": must be a duration with a unit")]
    public void Values_the_node_cannot_run_with_fail_naming_the_key(string text, string expected)
    {
        var error = Assert.Throws<SfuConfigurationException>(() => LoadText(text));

        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var error = Assert.Throws<SfuConfigurationException>(() =>
            LoadText("sfu.cluster.bus = kafka\nsfu.media.poller = select\nsfu.media.log-level = loud"));

        Assert.Equal(3, error.Problems.Count);
        Assert.StartsWith("invalid configuration:", error.Message);
    }

    [Fact]
    public void Allowed_values_are_accepted()
    {
        var options = LoadText("""
            sfu.media.poller = "portable"
            sfu.media.log-level = "debug"
            sfu.media.log-tags = ["info", "ice", "dtls", "rtp", "srtp", "rtcp", "rtx", "bwe", "score", "simulcast", "svc", "sctp", "message"]
            sfu.node.id = "Node_1.eu-west"
            """);

        var settings = NodeHost.ToNodeSettings(options);
        Assert.False(settings.PreferEpoll);
        Assert.Equal(Sfu.Contracts.Options.WorkerLogLevel.Debug, settings.LogLevel);
        Assert.Equal(13, settings.LogTags.Count);
        Assert.Equal("Node_1.eu-west", settings.NodeId);
    }

    [Fact]
    public void A_node_refuses_to_start_with_a_bad_node_id()
    {
        var error = Assert.Throws<SfuConfigurationException>(() =>
            NodeHost.Build(["--config", RunningNode.ConfigPath], new Dictionary<string, string> { ["SFU_NODE_ID"] = "bad~id", ["SFU_HTTP_PORT"] = "0" }));

        Assert.Contains("sfu.node.id = \"bad~id\"", error.Message);
    }

    [Fact]
    public void The_node_itself_refuses_a_bad_node_id_given_in_code()
    {
        var error = Assert.Throws<Sfu.Contracts.TypeError>(() => SfuNode.Start(new NodeSettings { NodeId = "bad~id", Workers = 1 }));

        Assert.Contains("invalid node id 'bad~id'", error.Message);
    }

    /// <summary>The options loaded from reference.conf (as shipped) with <paramref name="text"/> appended.</summary>
    private static SfuOptions LoadText(string text)
    {
        var directory = Directory.CreateTempSubdirectory("sfu-options-");
        try
        {
            var file = Path.Combine(directory.FullName, "test.conf");
            File.WriteAllText(file, $"include \"{Shipped("reference.conf")}\"\n{text}\n");
            return SfuOptions.FromConfiguration(new ConfigurationBuilder().AddHoconFile(file, environment: new Dictionary<string, string>()).Build());
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// <summary>The dotted paths of every value in a HOCON tree: scalars and lists (even empty ones) are leaves.</summary>
    private static IEnumerable<string> Leaves(HoconValue value, string? path) => value is HoconObject obj
        ? obj.SelectMany(field => Leaves(field.Value, path is null ? field.Key : $"{path}.{field.Key}"))
        : [path!];

    /// <summary>The dotted configuration keys of an options type, by reflection: records nest, anything else is a key.</summary>
    private static IEnumerable<string> OptionKeys(Type type, string path) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.SetMethod is not null)
            .SelectMany(p =>
            {
                var key = $"{path}.{p.GetCustomAttribute<ConfigurationKeyNameAttribute>()?.Name ?? p.Name}";
                return p.PropertyType.IsClass && p.PropertyType != typeof(string) && !p.PropertyType.IsArray
                    ? OptionKeys(p.PropertyType, key)
                    : [key];
            });
}
