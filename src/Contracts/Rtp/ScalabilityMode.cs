using System.Globalization;
using System.Text.RegularExpressions;

namespace Sfu.Contracts.Rtp;

/// <summary>mediasoup's <c>parseScalabilityMode</c> (M3): <c>L3T2_KEY</c> → 3 spatial, 2 temporal, K-SVC.</summary>
public readonly record struct ScalabilityMode(int SpatialLayers, int TemporalLayers, bool Ksvc)
{
    // [0-9], not \d: .NET's \d also matches non-ASCII digits, which int.Parse then rejects (JavaScript's \d is ASCII only).
    private static readonly Regex Pattern = new(@"^[LS]([1-9][0-9]?)T([1-9][0-9]?)(_KEY)?", RegexOptions.CultureInvariant);

    public static ScalabilityMode Default => new(1, 1, false);

    /// <summary>Parses a scalability mode; anything that does not match gives <c>{1, 1, false}</c>.</summary>
    public static ScalabilityMode Parse(string? scalabilityMode)
    {
        if (scalabilityMode is null)
        {
            return Default;
        }
        var match = Pattern.Match(scalabilityMode);
        if (!match.Success)
        {
            return Default;
        }
        return new ScalabilityMode(
            int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture),
            int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture),
            match.Groups[3].Success);
    }
}
