using Sfu.Contracts;
using Sfu.Contracts.Rtp;

namespace Sfu.Media.Ortc;

/// <summary>H.264 profiles that an SDP <c>profile-level-id</c> can name (RFC 6184 §8.1, as libwebrtc groups them).</summary>
public enum H264Profile
{
    ConstrainedBaseline = 1,
    Baseline = 2,
    Main = 3,
    ConstrainedHigh = 4,
    High = 5,
    PredictiveHigh444 = 6,
}

/// <summary>H.264 levels (ITU-T H.264 Annex A); the value is <c>level_idc</c>, except level 1b.</summary>
public enum H264Level
{
    L1b = 0,
    L1 = 10,
    L1_1 = 11,
    L1_2 = 12,
    L1_3 = 13,
    L2 = 20,
    L2_1 = 21,
    L2_2 = 22,
    L3 = 30,
    L3_1 = 31,
    L3_2 = 32,
    L4 = 40,
    L4_1 = 41,
    L4_2 = 42,
    L5 = 50,
    L5_1 = 51,
    L5_2 = 52,
}

/// <summary>A parsed <c>profile-level-id</c>: the profile and the level.</summary>
public readonly record struct ProfileLevelId(H264Profile Profile, H264Level Level);

/// <summary>
/// The H.264 <c>profile-level-id</c> rules of RFC 6184 §8.1 as WebRTC applies them (the behaviour of the npm package
/// <c>h264-profile-level-id</c> that mediasoup uses): parse and format the three hex bytes
/// <c>profile_idc profile_iop level_idc</c>, compare profiles, and choose the level of an SDP answer.
/// </summary>
public static class H264ProfileLevelId
{
    /// <summary>The SDP parameter name.</summary>
    public const string ParameterName = "profile-level-id";

    /// <summary>
    /// What a codec without <c>profile-level-id</c> means. RFC 6184 §8.1 says Baseline level 1; WebRTC (and so mediasoup)
    /// uses Constrained Baseline 3.1 for compatibility (crbug.com/webrtc/6337).
    /// </summary>
    public static ProfileLevelId Default { get; } = new(H264Profile.ConstrainedBaseline, H264Level.L3_1);

    // For level_idc = 11 with profile_idc 0x42, 0x4D or 0x58, constraint_set3_flag selects level 1b.
    private const int ConstraintSet3Flag = 0x10;

    // RFC 6184 §8.1 Table 5 / libwebrtc: profile_idc and a bit pattern over profile_iop ('x' = either).
    private static readonly (int ProfileIdc, string IopPattern, H264Profile Profile)[] ProfilePatterns =
    [
        (0x42, "x1xx0000", H264Profile.ConstrainedBaseline),
        (0x4D, "1xxx0000", H264Profile.ConstrainedBaseline),
        (0x58, "11xx0000", H264Profile.ConstrainedBaseline),
        (0x42, "x0xx0000", H264Profile.Baseline),
        (0x58, "10xx0000", H264Profile.Baseline),
        (0x4D, "0x0x0000", H264Profile.Main),
        (0x64, "00000000", H264Profile.High),
        (0x64, "00001100", H264Profile.ConstrainedHigh),
        (0xF4, "00000000", H264Profile.PredictiveHigh444),
    ];

    // ITU-T H.264 (02/2016) Table A-1: max macroblocks per second, max frame size in macroblocks.
    private static readonly (int MaxMacroblocksPerSecond, int MaxMacroblockFrameSize, H264Level Level)[] LevelConstraints =
    [
        (1485, 99, H264Level.L1),
        (1485, 99, H264Level.L1b),
        (3000, 396, H264Level.L1_1),
        (6000, 396, H264Level.L1_2),
        (11880, 396, H264Level.L1_3),
        (11880, 396, H264Level.L2),
        (19800, 792, H264Level.L2_1),
        (20250, 1620, H264Level.L2_2),
        (40500, 1620, H264Level.L3),
        (108000, 3600, H264Level.L3_1),
        (216000, 5120, H264Level.L3_2),
        (245760, 8192, H264Level.L4),
        (245760, 8192, H264Level.L4_1),
        (522240, 8704, H264Level.L4_2),
        (589824, 22080, H264Level.L5),
        (983040, 36864, H264Level.L5_1),
        (2073600, 36864, H264Level.L5_2),
    ];

    /// <summary>
    /// Parses a <c>profile-level-id</c> of 3 hex bytes (RFC 6184 §8.1). Returns null for anything that is not a
    /// recognized profile and level. Like the JavaScript original, the 6 characters are read with <c>parseInt(s, 16)</c>
    /// semantics: leading white space and a trailing non-hex tail are tolerated (and usually give an unknown level).
    /// </summary>
    public static ProfileLevelId? Parse(string? value)
    {
        if (value is null || value.Length != 6)
        {
            return null;
        }
        if (!TryParseHexPrefix(value, out var numeric) || numeric == 0)
        {
            return null;
        }

        var levelIdc = (int)(numeric & 0xFF);
        var profileIop = (int)((numeric >> 8) & 0xFF);
        var profileIdc = (int)((numeric >> 16) & 0xFF);

        H264Level level;
        switch (levelIdc)
        {
            case (int)H264Level.L1_1:
                level = (profileIop & ConstraintSet3Flag) != 0 ? H264Level.L1b : H264Level.L1_1;
                break;
            case (int)H264Level.L1:
            case (int)H264Level.L1_2:
            case (int)H264Level.L1_3:
            case (int)H264Level.L2:
            case (int)H264Level.L2_1:
            case (int)H264Level.L2_2:
            case (int)H264Level.L3:
            case (int)H264Level.L3_1:
            case (int)H264Level.L3_2:
            case (int)H264Level.L4:
            case (int)H264Level.L4_1:
            case (int)H264Level.L4_2:
            case (int)H264Level.L5:
            case (int)H264Level.L5_1:
            case (int)H264Level.L5_2:
                level = (H264Level)levelIdc;
                break;
            default:
                return null;
        }

        foreach (var (idc, pattern, profile) in ProfilePatterns)
        {
            if (profileIdc == idc && MatchesBitPattern(pattern, profileIop))
            {
                return new ProfileLevelId(profile, level);
            }
        }
        return null;
    }

    /// <summary>
    /// The canonical lowercase hex form of a profile-level-id (<c>42e01f</c>), or null when the combination has no
    /// representation (level 1b exists only for Constrained Baseline, Baseline and Main).
    /// </summary>
    public static string? Format(ProfileLevelId profileLevelId)
    {
        if (profileLevelId.Level == H264Level.L1b)
        {
            return profileLevelId.Profile switch
            {
                H264Profile.ConstrainedBaseline => "42f00b",
                H264Profile.Baseline => "42100b",
                H264Profile.Main => "4d100b",
                _ => null,
            };
        }

        var profileIdcIop = profileLevelId.Profile switch
        {
            H264Profile.ConstrainedBaseline => "42e0",
            H264Profile.Baseline => "4200",
            H264Profile.Main => "4d00",
            H264Profile.ConstrainedHigh => "640c",
            H264Profile.High => "6400",
            H264Profile.PredictiveHigh444 => "f400",
            _ => null,
        };
        if (profileIdcIop is null || !Enum.IsDefined(profileLevelId.Level))
        {
            return null;
        }
        return profileIdcIop + ((int)profileLevelId.Level).ToString("x2", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The profile-level-id of a codec's SDP parameters: <see cref="Default"/> when the parameter is absent (or falsy, as in
    /// JavaScript: <c>''</c> or <c>0</c>), null when it is present but invalid (including a non-string value).
    /// </summary>
    public static ProfileLevelId? ParseSdpProfileLevelId(IReadOnlyDictionary<string, CodecParameterValue>? parameters)
    {
        if (parameters is null || !parameters.TryGetValue(ParameterName, out var value) || !IsTruthy(value))
        {
            return Default;
        }
        return value.IsString ? Parse(value.String) : null;
    }

    /// <summary>True when both parameter sets name the same H.264 profile (levels may differ).</summary>
    public static bool IsSameProfile(
        IReadOnlyDictionary<string, CodecParameterValue>? parameters1,
        IReadOnlyDictionary<string, CodecParameterValue>? parameters2)
    {
        var a = ParseSdpProfileLevelId(parameters1);
        var b = ParseSdpProfileLevelId(parameters2);
        return a is not null && b is not null && a.Value.Profile == b.Value.Profile;
    }

    /// <summary>True when both parameter sets name the same H.264 profile and the same level.</summary>
    public static bool IsSameProfileAndLevel(
        IReadOnlyDictionary<string, CodecParameterValue>? parameters1,
        IReadOnlyDictionary<string, CodecParameterValue>? parameters2)
    {
        var a = ParseSdpProfileLevelId(parameters1);
        var b = ParseSdpProfileLevelId(parameters2);
        return a is not null && b is not null && a.Value.Profile == b.Value.Profile && a.Value.Level == b.Value.Level;
    }

    /// <summary>
    /// The profile-level-id to put in an SDP answer (RFC 6184 §8.1 and §8.2.2): the local profile, at the local level when
    /// both sides allow level asymmetry, else at the lower of the two levels. Null when neither side has a
    /// profile-level-id (both use the default). Throws <see cref="TypeError"/> when either side is invalid or the
    /// profiles differ.
    /// </summary>
    public static string? GenerateProfileLevelIdForAnswer(
        IReadOnlyDictionary<string, CodecParameterValue>? localSupportedParameters,
        IReadOnlyDictionary<string, CodecParameterValue>? remoteOfferedParameters)
    {
        return TryGenerateProfileLevelIdForAnswer(localSupportedParameters, remoteOfferedParameters, out var answer, out var error)
            ? answer
            : throw new TypeError(error!);
    }

    /// <summary>
    /// <see cref="GenerateProfileLevelIdForAnswer"/> without exceptions: false (with the reason) when either side is
    /// invalid or the profiles differ.
    /// </summary>
    public static bool TryGenerateProfileLevelIdForAnswer(
        IReadOnlyDictionary<string, CodecParameterValue>? localSupportedParameters,
        IReadOnlyDictionary<string, CodecParameterValue>? remoteOfferedParameters,
        out string? answer,
        out string? error)
    {
        answer = null;
        error = null;

        if (!HasTruthyProfileLevelId(localSupportedParameters) && !HasTruthyProfileLevelId(remoteOfferedParameters))
        {
            // Both use the default profile: nothing to answer.
            return true;
        }

        var local = ParseSdpProfileLevelId(localSupportedParameters);
        var remote = ParseSdpProfileLevelId(remoteOfferedParameters);
        if (local is null)
        {
            error = "invalid local_profile_level_id";
            return false;
        }
        if (remote is null)
        {
            error = "invalid remote_profile_level_id";
            return false;
        }
        if (local.Value.Profile != remote.Value.Profile)
        {
            error = "H264 Profile mismatch";
            return false;
        }

        var levelAsymmetryAllowed =
            IsLevelAsymmetryAllowed(localSupportedParameters) && IsLevelAsymmetryAllowed(remoteOfferedParameters);

        // Without level asymmetry the answer may not upgrade the level: take the lower one.
        var answerLevel = levelAsymmetryAllowed ? local.Value.Level : MinLevel(local.Value.Level, remote.Value.Level);

        answer = Format(new ProfileLevelId(local.Value.Profile, answerLevel));
        return true;
    }

    /// <summary>
    /// The highest level whose every valid stream a decoder handling <paramref name="maxFramePixelCount"/> pixels per
    /// frame at <paramref name="maxFps"/> frames per second can decode, or null if none.
    /// </summary>
    public static H264Level? SupportedLevel(long maxFramePixelCount, double maxFps)
    {
        const int PixelsPerMacroblock = 16 * 16;

        for (var i = LevelConstraints.Length - 1; i >= 0; i--)
        {
            var (maxMacroblocksPerSecond, maxMacroblockFrameSize, level) = LevelConstraints[i];
            if ((long)maxMacroblockFrameSize * PixelsPerMacroblock <= maxFramePixelCount &&
                maxMacroblocksPerSecond <= maxFps * maxMacroblockFrameSize)
            {
                return level;
            }
        }
        return null;
    }

    /// <summary>
    /// Level order with level 1b between 1 and 1.1 (ITU-T H.264 Table A-1), as libwebrtc compares them. The npm package
    /// tests <c>a !== L1</c> where libwebrtc tests <c>a == L1</c>, which makes every level but 1 "less" than 1b; that
    /// would let an answer exceed the offered level, against RFC 6184 §8.1, so libwebrtc's order is kept.
    /// </summary>
    private static bool IsLessLevel(H264Level a, H264Level b)
    {
        if (a == H264Level.L1b)
        {
            return b != H264Level.L1 && b != H264Level.L1b;
        }
        if (b == H264Level.L1b)
        {
            return a == H264Level.L1;
        }
        return a < b;
    }

    private static H264Level MinLevel(H264Level a, H264Level b) => IsLessLevel(a, b) ? a : b;

    private static bool IsLevelAsymmetryAllowed(IReadOnlyDictionary<string, CodecParameterValue>? parameters)
    {
        if (parameters is null || !parameters.TryGetValue("level-asymmetry-allowed", out var value))
        {
            return false;
        }
        return value.IsString ? value.String == "1" : value.Number == 1;
    }

    private static bool HasTruthyProfileLevelId(IReadOnlyDictionary<string, CodecParameterValue>? parameters) =>
        parameters is not null && parameters.TryGetValue(ParameterName, out var value) && IsTruthy(value);

    private static bool IsTruthy(CodecParameterValue value) =>
        value.IsString ? value.String!.Length > 0 : value.Number != 0 && !double.IsNaN(value.Number);

    private static bool MatchesBitPattern(string pattern, int value)
    {
        // Bit 7 is the first character; 'x' matches either bit value.
        for (var bit = 0; bit < 8; bit++)
        {
            var c = pattern[bit];
            if (c == 'x')
            {
                continue;
            }
            var expected = c == '1' ? 1 : 0;
            if (((value >> (7 - bit)) & 1) != expected)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>JavaScript <c>parseInt(s, 16)</c>: skip leading white space, optional sign and <c>0x</c>, then the longest hex run.</summary>
    private static bool TryParseHexPrefix(string s, out long value)
    {
        value = 0;
        var i = 0;
        while (i < s.Length && char.IsWhiteSpace(s[i]))
        {
            i++;
        }
        var negative = false;
        if (i < s.Length && (s[i] == '+' || s[i] == '-'))
        {
            negative = s[i] == '-';
            i++;
        }
        if (i + 1 < s.Length && s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'X'))
        {
            i += 2;
        }
        var start = i;
        while (i < s.Length && char.IsAsciiHexDigit(s[i]))
        {
            value = (value << 4) | (long)HexValue(s[i]);
            i++;
        }
        if (i == start)
        {
            return false;
        }
        if (negative)
        {
            // JavaScript's bitwise operators then work on the two's complement of the 32-bit value.
            value = (uint)(int)-value;
        }
        return true;
    }

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}
