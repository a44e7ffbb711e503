using Sfu.ClusterHost.Configuration.Hocon;
using static Sfu.ClusterHost.Tests.Configuration.HoconTestText;

namespace Sfu.ClusterHost.Tests.Configuration;

/// <summary>Typed readers (HOCON.md "Automatic type conversions") and the flat form for Microsoft.Extensions.Configuration.</summary>
public sealed class HoconConfigTests
{
    private static readonly HoconConfig Config = Parse("""
        sfu {
          name = node-1
          port = 8080
          port-text = "8081"
          big = 9000000000
          whole-float = 1e3
          ratio = 0.25
          enabled = true
          flags { a = yes, b = no, c = on, d = off, e = "TRUE" }
          nothing = null
          list = [a, 2, true]
          mixed = [a, { b = 1 }]
          "dotted.key" = 5
          timeout = 10s
        }
        """);

    [Fact]
    public void Strings_numbers_and_booleans_read_as_strings()
    {
        Assert.Equal("node-1", Config.GetString("sfu.name"));
        Assert.Equal("8080", Config.GetString("sfu.port"));
        Assert.Equal("true", Config.GetString("sfu.enabled"));
        Assert.Equal("0.25", Config.GetString("sfu.ratio"));
    }

    [Fact]
    public void Integers_read_from_numbers_and_numeric_strings()
    {
        Assert.Equal(8080, Config.GetInt("sfu.port"));
        Assert.Equal(8081, Config.GetInt("sfu.port-text"));
        Assert.Equal(1000, Config.GetInt("sfu.whole-float"));
        Assert.Equal(9_000_000_000L, Config.GetInt64("sfu.big"));
        Assert.Equal(0.25, Config.GetDouble("sfu.ratio"));
        Assert.Equal(8080.0, Config.GetDouble("sfu.port"));
    }

    [Fact]
    public void Booleans_read_true_yes_on_and_false_no_off()
    {
        Assert.True(Config.GetBool("sfu.enabled"));
        Assert.True(Config.GetBool("sfu.flags.a"));
        Assert.False(Config.GetBool("sfu.flags.b"));
        Assert.True(Config.GetBool("sfu.flags.c"));
        Assert.False(Config.GetBool("sfu.flags.d"));
        Assert.True(Config.GetBool("sfu.flags.e"));
    }

    [Fact]
    public void Wrong_types_throw_with_the_path_the_value_and_its_position()
    {
        var notInt = Assert.Throws<HoconConfigException>(() => Config.GetInt("sfu.name"));
        var tooBig = Assert.Throws<HoconConfigException>(() => Config.GetInt("sfu.big"));
        var fraction = Assert.Throws<HoconConfigException>(() => Config.GetInt("sfu.ratio"));
        var notBool = Assert.Throws<HoconConfigException>(() => Config.GetBool("sfu.port"));
        var objectAsString = Assert.Throws<HoconConfigException>(() => Config.GetString("sfu.flags"));

        Assert.Equal("Configuration path 'sfu.name': expected an integer, found string \"node-1\" (test.conf:2:10)", notInt.Message);
        Assert.Equal("sfu.big", tooBig.Path);
        Assert.Equal("expected an integer, found number 0.25", fraction.Reason);
        Assert.Equal(new HoconOrigin("test.conf", 3, 10), notBool.Origin);
        Assert.Equal("expected a string, found an object", objectAsString.Reason);
    }

    [Fact]
    public void Missing_and_null_paths_throw_from_get_and_return_false_from_try_get()
    {
        var missing = Assert.Throws<HoconConfigException>(() => Config.GetString("sfu.nope"));
        var nullValue = Assert.Throws<HoconConfigException>(() => Config.GetInt("sfu.nothing"));

        Assert.Equal("Configuration path 'sfu.nope': is not set", missing.Message);
        Assert.Equal("is null", nullValue.Reason);
        Assert.False(Config.TryGetString("sfu.nope", out _));
        Assert.False(Config.TryGetInt("sfu.nothing", out _));
        Assert.False(Config.TryGetDuration("sfu.name.deeper", out _));
        Assert.True(Config.TryGetInt("sfu.port", out var port));
        Assert.Equal(8080, port);
    }

    [Fact]
    public void Try_get_of_a_present_value_of_the_wrong_type_still_throws()
    {
        Assert.Throws<HoconConfigException>(() => Config.TryGetInt("sfu.name", out _));
    }

    [Fact]
    public void Has_path_is_false_for_missing_and_null_values()
    {
        Assert.True(Config.HasPath("sfu.port"));
        Assert.True(Config.HasPath("sfu.flags"));
        Assert.False(Config.HasPath("sfu.nothing"));
        Assert.False(Config.HasPath("sfu.nope"));
        Assert.True(Config.TryGetValue("sfu.nothing", out var value));
        Assert.Equal(HoconValueKind.Null, value.Kind);
    }

    [Fact]
    public void Paths_accept_quoted_keys()
    {
        Assert.Equal(5, Config.GetInt("sfu.\"dotted.key\""));
        Assert.False(Config.HasPath("sfu.dotted.key"));
    }

    [Fact]
    public void Invalid_paths_are_argument_errors()
    {
        Assert.Throws<ArgumentException>(() => Config.HasPath("sfu..port"));
        Assert.Throws<ArgumentException>(() => Config.HasPath(""));
        Assert.Throws<ArgumentException>(() => Config.HasPath("a = b"));
    }

    [Fact]
    public void String_lists_read_scalars_and_reject_nested_values()
    {
        Assert.Equal(["a", "2", "true"], Config.GetStringList("sfu.list"));
        var e = Assert.Throws<HoconConfigException>(() => Config.GetStringList("sfu.mixed"));
        Assert.Equal("element 1 must be a string, found an object", e.Reason);
        Assert.Throws<HoconConfigException>(() => Config.GetStringList("sfu.name"));
    }

    [Fact]
    public void Get_config_returns_the_sub_object()
    {
        var flags = Config.GetConfig("sfu.flags");

        Assert.True(flags.GetBool("a"));
        Assert.Equal(["a", "b", "c", "d", "e"], flags.Root.Keys);
        Assert.Throws<HoconConfigException>(() => Config.GetConfig("sfu.port"));
        Assert.False(Config.TryGetConfig("sfu.nope", out _));
    }

    [Fact]
    public void Get_duration_reads_units_and_bare_milliseconds()
    {
        var config = Parse("a = 10s\nb = 500\nc = \"250 ms\"\nd = 1.5 minutes\ne = 2h");

        Assert.Equal(TimeSpan.FromSeconds(10), config.GetDuration("a"));
        Assert.Equal(TimeSpan.FromMilliseconds(500), config.GetDuration("b"));
        Assert.Equal(TimeSpan.FromMilliseconds(250), config.GetDuration("c"));
        Assert.Equal(TimeSpan.FromSeconds(90), config.GetDuration("d"));
        Assert.Equal(TimeSpan.FromHours(2), config.GetDuration("e"));
        var e = Assert.Throws<HoconConfigException>(() => Parse("x = 10 parsecs").GetDuration("x"));
        Assert.StartsWith("expected a duration", e.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Flat_dictionary_joins_paths_with_colons_and_indexes_arrays()
    {
        var flat = Parse("""
            sfu {
              http { port = 8080, host = localhost }
              seeds = [a, b]
              listen = [{ ip = "0.0.0.0", port = 1 }, { ip = "::", port = 2 }]
              enabled = true
              ratio = 1.50
            }
            """).ToFlatDictionary();

        Assert.Equal(
            new Dictionary<string, string>
            {
                ["sfu:http:port"] = "8080",
                ["sfu:http:host"] = "localhost",
                ["sfu:seeds:0"] = "a",
                ["sfu:seeds:1"] = "b",
                ["sfu:listen:0:ip"] = "0.0.0.0",
                ["sfu:listen:0:port"] = "1",
                ["sfu:listen:1:ip"] = "::",
                ["sfu:listen:1:port"] = "2",
                ["sfu:enabled"] = "true",
                ["sfu:ratio"] = "1.50",
            },
            flat);
    }

    [Fact]
    public void Flat_dictionary_leaves_out_nulls_and_empty_containers()
    {
        var flat = Parse("a = null\nb = []\nc {}\nd = 1").ToFlatDictionary();

        Assert.Equal(new Dictionary<string, string> { ["d"] = "1" }, flat);
    }

    [Fact]
    public void Flat_dictionary_writes_durations_with_a_unit_as_invariant_timespans()
    {
        var flat = Parse("""
            a = 10s
            b = 500ms
            c = 2 minutes
            d = "1d"
            e = 1.5h
            f = 250 us
            plain-number = 500
            plain-string = "500"
            not-a-duration = 10 parsecs
            """).ToFlatDictionary();

        Assert.Equal("00:00:10", flat["a"]);
        Assert.Equal("00:00:00.5000000", flat["b"]);
        Assert.Equal("00:02:00", flat["c"]);
        Assert.Equal("1.00:00:00", flat["d"]);
        Assert.Equal("01:30:00", flat["e"]);
        Assert.Equal("00:00:00.0002500", flat["f"]);
        Assert.Equal("500", flat["plain-number"]);
        Assert.Equal("500", flat["plain-string"]);
        Assert.Equal("10 parsecs", flat["not-a-duration"]);
    }
}
