using Microsoft.Extensions.Configuration;
using Sfu.ClusterHost.Configuration;
using Sfu.ClusterHost.Configuration.Hocon;

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
    public void Every_key_of_reference_conf_is_bound_by_the_options()
    {
        // A key documented in reference.conf that no option reads would be a knob that does nothing.
        var flat = HoconParser.ParseFile(Shipped("reference.conf")).ToFlatDictionary().Keys
            .Select(k => string.Join(':', k.Split(':').TakeWhile(p => !int.TryParse(p, out _))))
            .Distinct()
            .ToArray();
        var bound = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "sfu:node:id", "sfu:http:host", "sfu:http:port", "sfu:media:workers", "sfu:media:poller",
            "sfu:media:rtc-min-port", "sfu:media:rtc-max-port", "sfu:media:log-level", "sfu:media:log-tags",
            "sfu:api:request-timeout", "sfu:api:max-message-bytes", "sfu:cluster:bus",
        };
        Assert.All(flat, key => Assert.Contains(key, bound));
    }
}
