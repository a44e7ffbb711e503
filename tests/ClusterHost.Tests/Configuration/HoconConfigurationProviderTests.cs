using Microsoft.Extensions.Configuration;
using Sfu.ClusterHost.Configuration.Hocon;
using static Sfu.ClusterHost.Tests.Configuration.HoconTestText;

namespace Sfu.ClusterHost.Tests.Configuration;

/// <summary>HOCON files through ConfigurationBuilder, bound to options types by the standard binder.</summary>
public sealed class HoconConfigurationProviderTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "hocon-provider-" + Guid.NewGuid().ToString("N"));

    public HoconConfigurationProviderTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>An options type as the host's settings are written: kebab-case keys named by attribute.</summary>
    public sealed record HttpSettings
    {
        [ConfigurationKeyName("listen-port")]
        public int ListenPort { get; init; }

        [ConfigurationKeyName("public-host")]
        public string PublicHost { get; init; } = "";

        [ConfigurationKeyName("idle-timeout")]
        public TimeSpan IdleTimeout { get; init; }

        [ConfigurationKeyName("request-timeout")]
        public TimeSpan RequestTimeout { get; init; }

        [ConfigurationKeyName("allowed-origins")]
        public List<string> AllowedOrigins { get; init; } = [];

        public bool Compression { get; init; }

        public double Ratio { get; init; }
    }

    private const string HttpConf = """
        sfu.http {
          listen-port = 8080
          listen-port = ${?SFU_HTTP_PORT}
          public-host = media.example.com
          idle-timeout = 2 minutes
          request-timeout = 1500ms
          allowed-origins = ["https://a.example", "https://b.example"]
          compression = true
          ratio = 0.5
        }
        """;

    [Fact]
    public void A_hocon_file_binds_to_an_options_record()
    {
        var path = Write("http.conf", HttpConf);

        var settings = new ConfigurationBuilder()
            .AddHoconFile(path, environment: NoEnvironment)
            .Build()
            .GetSection("sfu:http")
            .Get<HttpSettings>();

        Assert.NotNull(settings);
        Assert.Equal(8080, settings.ListenPort);
        Assert.Equal("media.example.com", settings.PublicHost);
        Assert.Equal(TimeSpan.FromMinutes(2), settings.IdleTimeout);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), settings.RequestTimeout);
        Assert.Equal(["https://a.example", "https://b.example"], settings.AllowedOrigins);
        Assert.True(settings.Compression);
        Assert.Equal(0.5, settings.Ratio);
    }

    [Fact]
    public void The_injected_environment_overrides_through_substitutions()
    {
        var path = Write("http.conf", HttpConf);

        var configuration = new ConfigurationBuilder()
            .AddHoconFile(path, environment: Env(("SFU_HTTP_PORT", "9443")))
            .Build();

        Assert.Equal("9443", configuration["sfu:http:listen-port"]);
        Assert.Equal(9443, configuration.GetSection("sfu:http").Get<HttpSettings>()!.ListenPort);
    }

    [Fact]
    public void Keys_keep_their_spelling_and_look_up_case_insensitively()
    {
        var path = Write("keys.conf", "sfu.Node-Name = a\nsfu.list = [x, y]\nsfu.gone = null");

        var configuration = new ConfigurationBuilder().AddHoconFile(path, environment: NoEnvironment).Build();

        Assert.Equal("a", configuration["sfu:node-name"]);
        Assert.Equal("y", configuration["sfu:list:1"]);
        Assert.Null(configuration["sfu:gone"]);
        Assert.Equal(["Node-Name", "list"], configuration.GetSection("sfu").GetChildren().Select(c => c.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Includes_are_relative_to_the_file_the_provider_loads()
    {
        Write("reference.conf", "sfu { workers = 1, name = ref }");
        var path = Write("embedded.conf", "include \"reference.conf\"\nsfu.workers = 4");

        var configuration = new ConfigurationBuilder().AddHoconFile(path, environment: NoEnvironment).Build();

        Assert.Equal("4", configuration["sfu:workers"]);
        Assert.Equal("ref", configuration["sfu:name"]);
    }

    [Fact]
    public void A_relative_path_is_found_under_the_builder_base_path()
    {
        Write("node.conf", "a = 1");

        var configuration = new ConfigurationBuilder()
            .SetBasePath(_dir)
            .AddHoconFile("node.conf", environment: NoEnvironment)
            .Build();

        Assert.Equal("1", configuration["a"]);
    }

    [Fact]
    public void A_missing_optional_file_adds_nothing_and_a_missing_required_file_throws()
    {
        var missing = Path.Combine(_dir, "missing.conf");

        var configuration = new ConfigurationBuilder().AddHoconFile(missing, optional: true).Build();

        Assert.Empty(configuration.AsEnumerable());
        Assert.Throws<FileNotFoundException>(() => new ConfigurationBuilder().AddHoconFile(missing).Build());
    }

    [Fact]
    public void A_parse_error_surfaces_with_file_line_and_column()
    {
        var path = Write("bad.conf", "a = 1\nb = [1, 2\n");

        // FileConfigurationProvider wraps load failures in InvalidDataException naming the file.
        var e = Assert.Throws<InvalidDataException>(
            () => new ConfigurationBuilder().AddHoconFile(path, environment: NoEnvironment).Build());
        var parse = Assert.IsType<HoconParseException>(e.InnerException);

        Assert.Equal((path, 2, 5), (parse.FileName, parse.Line, parse.Column));
    }

    [Fact]
    public void Later_sources_override_hocon_keys()
    {
        var path = Write("http.conf", HttpConf);

        var settings = new ConfigurationBuilder()
            .AddHoconFile(path, environment: NoEnvironment)
            .AddInMemoryCollection([new("sfu:http:listen-port", "7000")])
            .Build()
            .GetSection("sfu:http")
            .Get<HttpSettings>();

        Assert.Equal(7000, settings!.ListenPort);
        Assert.Equal("media.example.com", settings.PublicHost);
    }
}
