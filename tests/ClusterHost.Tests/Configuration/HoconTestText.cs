using Sfu.ClusterHost.Configuration.Hocon;

namespace Sfu.ClusterHost.Tests.Configuration;

/// <summary>Test helpers: parse with an injected (empty by default) environment and render the result as JSON.</summary>
internal static class HoconTestText
{
    public static readonly IReadOnlyDictionary<string, string> NoEnvironment = new Dictionary<string, string>();

    public static HoconConfig Parse(string text, IReadOnlyDictionary<string, string>? environment = null) =>
        HoconParser.Parse(text, "test.conf", new HoconParseOptions { Environment = environment ?? NoEnvironment });

    /// <summary>The resolved document as compact JSON: strings quoted, numbers and booleans as written.</summary>
    public static string Json(string text, IReadOnlyDictionary<string, string>? environment = null) =>
        Parse(text, environment).Root.ToString();

    public static HoconParseException ParseError(string text, IReadOnlyDictionary<string, string>? environment = null) =>
        Assert.Throws<HoconParseException>(() => Parse(text, environment));

    public static Dictionary<string, string> Env(params (string Name, string Value)[] variables)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in variables)
        {
            env[name] = value;
        }

        return env;
    }
}
