using Sfu.ClusterHost.Configuration.Hocon;
using static Sfu.ClusterHost.Tests.Configuration.HoconTestText;

namespace Sfu.ClusterHost.Tests.Configuration;

/// <summary>Includes (HOCON.md "Includes"), with real files in a fresh temporary directory.</summary>
public sealed class HoconParserIncludeTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "hocon-tests-" + Guid.NewGuid().ToString("N"));

    public HoconParserIncludeTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string relativePath, string text)
    {
        var path = Path.Combine(_dir, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    private static HoconConfig Load(string path, IReadOnlyDictionary<string, string>? environment = null) =>
        HoconParser.ParseFile(path, new HoconParseOptions { Environment = environment ?? NoEnvironment });

    [Fact]
    public void Include_reads_a_file_relative_to_the_including_file_not_the_working_directory()
    {
        Write("conf/other.conf", "b = 2");
        var main = Write("conf/main.conf", "a = 1\ninclude \"other.conf\"\nc = 3");

        Assert.Equal("""{"a":1,"b":2,"c":3}""", Load(main).Root.ToString());
        Assert.NotEqual(Path.Combine(_dir, "conf"), Environment.CurrentDirectory);
    }

    [Fact]
    public void File_and_required_file_forms_read_the_named_file()
    {
        Write("one.conf", "one = 1");
        Write("two.conf", "two = 2");
        Write("three.conf", "three = 3");
        var main = Write("main.conf", """
            include file("one.conf")
            include required(file("two.conf"))
            include required( "three.conf" )
            """);

        Assert.Equal("""{"one":1,"two":2,"three":3}""", Load(main).Root.ToString());
    }

    [Fact]
    public void A_missing_optional_include_is_ignored()
    {
        var main = Write("main.conf", "a = 1\ninclude \"missing.conf\"\ninclude file(\"missing-too.conf\")");

        Assert.Equal("""{"a":1}""", Load(main).Root.ToString());
    }

    [Fact]
    public void A_missing_required_include_is_an_error_at_the_include_statement()
    {
        var main = Write("main.conf", "a = 1\n  include required(file(\"missing.conf\"))");

        var e = Assert.Throws<HoconParseException>(() => Load(main));

        Assert.Equal((main, 2, 3), (e.FileName, e.Line, e.Column));
        Assert.Contains(Path.Combine(_dir, "missing.conf"), e.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Included_fields_merge_with_earlier_ones_and_later_fields_override_them()
    {
        Write("reference.conf", """
            sfu {
              http { port = 8080, host = "0.0.0.0" }
              workers = 1
              log-tags = [info]
            }
            """);
        var main = Write("embedded.conf", """
            sfu.http.host = "127.0.0.1"
            include "reference.conf"
            sfu {
              workers = 4
              log-tags += ice
            }
            """);

        Assert.Equal(
            """{"sfu":{"http":{"host":"0.0.0.0","port":8080},"workers":4,"log-tags":["info","ice"]}}""",
            Load(main).Root.ToString());
    }

    [Fact]
    public void Substitutions_in_a_file_included_into_an_object_are_fixed_up_to_that_object()
    {
        Write("foo.conf", "{ x : 10, y : ${x} }");
        var plain = Write("plain.conf", "a : { include \"foo.conf\" }");
        var overridden = Write("overridden.conf", "a : { include \"foo.conf\" }\na : { x : 42 }");

        Assert.Equal("""{"a":{"x":10,"y":10}}""", Load(plain).Root.ToString());
        Assert.Equal("""{"a":{"x":42,"y":42}}""", Load(overridden).Root.ToString());
    }

    [Fact]
    public void Substitutions_in_an_included_file_fall_back_to_the_root_path()
    {
        Write("module.conf", "timeout = ${defaults.timeout}\nport = ${?PORT}");
        var main = Write("main.conf", "defaults.timeout = 5s\nmodule { include \"module.conf\" }");

        Assert.Equal(
            """{"defaults":{"timeout":"5s"},"module":{"timeout":"5s","port":"7000"}}""",
            Load(main, Env(("PORT", "7000"))).Root.ToString());
    }

    [Fact]
    public void Nested_includes_are_relative_to_the_file_that_names_them()
    {
        Write("a/b/leaf.conf", "leaf = true");
        Write("a/middle.conf", "middle = 1\ninclude \"b/leaf.conf\"");
        var main = Write("main.conf", "include \"a/middle.conf\"");

        Assert.Equal("""{"middle":1,"leaf":true}""", Load(main).Root.ToString());
    }

    [Fact]
    public void An_include_inside_an_object_nests_the_included_fields_there()
    {
        Write("http.conf", "port = 80\ninclude \"tls.conf\"");
        Write("tls.conf", "tls { enabled = false, port = ${port} }");
        var main = Write("main.conf", "sfu { http { include \"http.conf\" } }\nsfu.http.port = 443");

        Assert.Equal("""{"sfu":{"http":{"port":443,"tls":{"enabled":false,"port":443}}}}""", Load(main).Root.ToString());
    }

    [Fact]
    public void A_name_without_extension_loads_the_conf_file()
    {
        Write("defaults.conf", "a = 1");
        var main = Write("main.conf", "include \"defaults\"");

        Assert.Equal("""{"a":1}""", Load(main).Root.ToString());
    }

    [Fact]
    public void An_absolute_include_path_is_used_as_is()
    {
        var other = Write("elsewhere/abs.conf", "abs = yes");
        var main = Write("main.conf", $"include file({HoconPath.Render([other])})");

        Assert.Equal("""{"abs":"yes"}""", Load(main).Root.ToString());
    }

    [Fact]
    public void An_include_cycle_is_an_error()
    {
        var a = Write("a.conf", "a = 1\ninclude \"b.conf\"");
        var b = Write("b.conf", "b = 1\ninclude \"a.conf\"");

        var e = Assert.Throws<HoconParseException>(() => Load(a));

        Assert.Equal((b, 2, 1), (e.FileName, e.Line, e.Column));
        Assert.Contains($"Include cycle: {a} -> {b} -> {a}", e.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_syntax_error_in_an_included_file_names_that_file_and_position()
    {
        var bad = Write("bad.conf", "ok = 1\nbroken = \"unterminated\n");
        var main = Write("main.conf", "include \"bad.conf\"");

        var e = Assert.Throws<HoconParseException>(() => Load(main));

        Assert.Equal((bad, 2, 10), (e.FileName, e.Line, e.Column));
    }

    [Fact]
    public void An_included_file_with_an_array_root_is_an_error()
    {
        var list = Write("list.conf", "[1, 2]");
        var main = Write("main.conf", "include \"list.conf\"");

        var e = Assert.Throws<HoconParseException>(() => Load(main));

        Assert.Equal((list, 1, 1), (e.FileName, e.Line, e.Column));
    }

    [Fact]
    public void Including_a_directory_is_an_error()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "dir.conf"));
        var main = Write("main.conf", "include \"dir.conf\"");

        var e = Assert.Throws<HoconParseException>(() => Load(main));

        Assert.Contains("is a directory", e.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Base_directory_option_resolves_includes_for_text_without_a_file_name()
    {
        Write("other.conf", "b = 2");

        var config = HoconParser.Parse(
            "a = 1\ninclude \"other.conf\"",
            fileName: null,
            new HoconParseOptions { Environment = NoEnvironment, BaseDirectory = _dir });

        Assert.Equal("""{"a":1,"b":2}""", config.Root.ToString());
    }

    [Fact]
    public void Base_directory_option_wins_over_the_file_names_directory()
    {
        Write("elsewhere/other.conf", "b = 2");

        var config = HoconParser.Parse(
            "include \"other.conf\"",
            fileName: Path.Combine(_dir, "main.conf"),
            new HoconParseOptions { Environment = NoEnvironment, BaseDirectory = Path.Combine(_dir, "elsewhere") });

        Assert.Equal("""{"b":2}""", config.Root.ToString());
    }

    [Fact]
    public void Node_configuration_layout_reference_then_override_then_environment()
    {
        Write("reference.conf", """
            # Every key with its default.
            sfu {
              node-name = "sfu-node"
              node-name = ${?HOSTNAME}
              http {
                port = 8080
                port = ${?SFU_HTTP_PORT}
              }
              media {
                workers = 0            // 0 = one per core
                rtc-min-port = 40000
                rtc-max-port = 49999
              }
              cluster {
                enabled = false
                seeds = []
                heartbeat-interval = 1s
                failure-timeout = 10 seconds
              }
            }
            """);
        var cluster = Write("cluster.conf", """
            include "reference.conf"
            sfu.cluster {
              enabled = true
              seeds = ["amqp://rabbit:5672"]
              seeds += ${?SFU_EXTRA_SEED}
            }
            sfu.media.workers = 2
            """);

        var config = Load(cluster, Env(("SFU_HTTP_PORT", "9090"), ("SFU_EXTRA_SEED", "amqp://backup:5672")));

        Assert.Equal("sfu-node", config.GetString("sfu.node-name"));
        Assert.Equal(9090, config.GetInt("sfu.http.port"));
        Assert.Equal(2, config.GetInt("sfu.media.workers"));
        Assert.Equal(40000, config.GetInt("sfu.media.rtc-min-port"));
        Assert.True(config.GetBool("sfu.cluster.enabled"));
        Assert.Equal(["amqp://rabbit:5672", "amqp://backup:5672"], config.GetStringList("sfu.cluster.seeds"));
        Assert.Equal(TimeSpan.FromSeconds(1), config.GetDuration("sfu.cluster.heartbeat-interval"));
        Assert.Equal(TimeSpan.FromSeconds(10), config.GetDuration("sfu.cluster.failure-timeout"));
    }
}
