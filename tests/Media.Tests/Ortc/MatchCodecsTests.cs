using Sfu.Contracts.Rtp;
using Sfu.Media.Ortc;

namespace Sfu.Media.Tests.Ortc;

using Ortc = Sfu.Media.Ortc.Ortc;

/// <summary>ORTC-2: codec matching, loose (router creation) and strict (producers, consumers).</summary>
public sealed class MatchCodecsTests
{
    [Fact]
    public void Mime_type_matches_in_any_case()
    {
        Assert.True(Ortc.MatchCodecs(Codec("video/vp8"), Codec("VIDEO/VP8"), strict: true));
        Assert.False(Ortc.MatchCodecs(Codec("video/VP8"), Codec("video/VP9")));
    }

    [Fact]
    public void Clock_rate_must_be_equal()
    {
        Assert.False(Ortc.MatchCodecs(Codec("audio/ISAC", 16000), Codec("audio/ISAC", 32000)));
    }

    [Fact]
    public void Audio_channels_must_be_equal_and_default_to_one()
    {
        Assert.False(Ortc.MatchCodecs(Codec("audio/opus", 48000, channels: 2), Codec("audio/opus", 48000, channels: 1)));
        Assert.True(Ortc.MatchCodecs(Codec("audio/PCMU", 8000), Codec("audio/PCMU", 8000, channels: 1)));
    }

    [Fact]
    public void H264_loose_matching_ignores_profile_and_packetization_mode()
    {
        var a = Codec("video/H264", parameters: P(("packetization-mode", 1), ("profile-level-id", "640c1f")));
        var b = Codec("video/H264", parameters: P(("profile-level-id", "42e01f")));

        Assert.True(Ortc.MatchCodecs(a, b, strict: false));
        Assert.False(Ortc.MatchCodecs(a, b, strict: true));
    }

    [Fact]
    public void H264_strict_matching_needs_the_same_packetization_mode_defaulting_to_0()
    {
        var mode1 = Codec("video/H264", parameters: P(("packetization-mode", 1)));
        var mode0 = Codec("video/H264", parameters: P(("packetization-mode", 0)));
        var none = Codec("video/H264");
        var mode1String = Codec("video/H264", parameters: P(("packetization-mode", "1")));

        Assert.False(Ortc.MatchCodecs(mode1, none, strict: true));
        Assert.True(Ortc.MatchCodecs(mode0, none, strict: true));
        // Strict equality: the string '1' is not the number 1.
        Assert.False(Ortc.MatchCodecs(mode1, mode1String, strict: true));
    }

    [Fact]
    public void H264_strict_matching_needs_the_same_profile_and_a_valid_answer()
    {
        var main = Codec("video/H264", parameters: P(("profile-level-id", "4d0032")));
        var mainLower = Codec("video/H264", parameters: P(("profile-level-id", "4d001f")));
        var baseline = Codec("video/H264", parameters: P(("profile-level-id", "42e01f")));
        var invalid = Codec("video/H264", parameters: P(("profile-level-id", "CHICKEN")));

        Assert.True(Ortc.MatchCodecs(main, mainLower, strict: true));
        Assert.False(Ortc.MatchCodecs(main, baseline, strict: true));
        Assert.False(Ortc.MatchCodecs(invalid, invalid, strict: true));
        // Without a profile-level-id both sides default to Constrained Baseline 3.1.
        Assert.True(Ortc.MatchCodecs(Codec("video/H264"), baseline, strict: true));
    }

    [Fact]
    public void H264_SVC_follows_the_H264_rules()
    {
        var a = Codec("video/H264-SVC", parameters: P(("packetization-mode", 1), ("profile-level-id", "4d0032")));
        var b = Codec("video/H264-SVC", parameters: P(("packetization-mode", 1), ("profile-level-id", "42e01f")));

        Assert.True(Ortc.MatchCodecs(a, b, strict: false));
        Assert.False(Ortc.MatchCodecs(a, b, strict: true));
    }

    [Fact]
    public void Strict_H264_matching_with_modify_writes_the_answer_profile_level_id()
    {
        var producer = new RtpCodecParameters
        {
            MimeType = "video/H264", PayloadType = 96, ClockRate = 90000,
            Parameters = P(("packetization-mode", 1), ("profile-level-id", "42E034"), ("x", "y")),
        };
        var router = Codec("video/H264", parameters: P(("packetization-mode", 1), ("profile-level-id", "42e01f"),
            ("level-asymmetry-allowed", 1)));

        Assert.True(Ortc.MatchCodecs(producer, router, strict: true, modify: true, out var parameters));

        Assert.Equal("""{"packetization-mode":1,"profile-level-id":"42e01f","x":"y"}""",
            Sfu.Contracts.Json.SfuJson.Serialize(parameters));
        Assert.Equal("42E034", producer.Parameters!["profile-level-id"].String);
    }

    [Fact]
    public void Strict_H264_matching_with_modify_removes_the_profile_level_id_when_neither_side_has_one()
    {
        var producer = new RtpCodecParameters
        {
            MimeType = "video/H264", PayloadType = 96, ClockRate = 90000, Parameters = P(("profile-level-id", ""), ("a", 1)),
        };

        Assert.True(Ortc.MatchCodecs(producer, Codec("video/H264"), strict: true, modify: true, out var parameters));

        Assert.Equal("""{"a":1}""", Sfu.Contracts.Json.SfuJson.Serialize(parameters));
    }

    [Fact]
    public void Matching_without_modify_leaves_the_parameters_as_they_are()
    {
        var producer = new RtpCodecParameters
        {
            MimeType = "video/H264", PayloadType = 96, ClockRate = 90000, Parameters = P(("profile-level-id", "42E034")),
        };

        Assert.True(Ortc.MatchCodecs(producer, Codec("video/H264", parameters: P(("profile-level-id", "42e01f"))),
            strict: true, modify: false, out var parameters));

        Assert.Same(producer.Parameters, parameters);
    }

    [Fact]
    public void VP9_strict_matching_needs_the_same_profile_id_defaulting_to_0()
    {
        var profile0 = Codec("video/VP9", parameters: P(("profile-id", 0)));
        var profile2 = Codec("video/VP9", parameters: P(("profile-id", 2)));
        var none = Codec("video/VP9");

        Assert.True(Ortc.MatchCodecs(profile0, none, strict: true));
        Assert.False(Ortc.MatchCodecs(profile2, none, strict: true));
        Assert.True(Ortc.MatchCodecs(profile2, none, strict: false));
    }

    [Fact]
    public void Multiopus_needs_the_same_stream_counts_even_when_loose()
    {
        var a = Codec("audio/multiopus", 48000, channels: 6, parameters: P(("num_streams", 4), ("coupled_streams", 2)));
        var b = Codec("audio/multiopus", 48000, channels: 6, parameters: P(("num_streams", 4), ("coupled_streams", 2), ("x", 1)));
        var c = Codec("audio/multiopus", 48000, channels: 6, parameters: P(("num_streams", 4), ("coupled_streams", 3)));

        Assert.True(Ortc.MatchCodecs(a, b, strict: false));
        Assert.False(Ortc.MatchCodecs(a, c, strict: false));
        Assert.False(Ortc.MatchCodecs(a, c, strict: true));
    }

    [Fact]
    public void Rtx_codecs_match_on_mime_type_and_clock_rate_only()
    {
        var a = Codec("video/rtx", parameters: P(("apt", 101)));
        var b = Codec("video/rtx", parameters: P(("apt", 97)));

        Assert.True(Ortc.MatchCodecs(a, b, strict: true));
    }

    private static RtpCodecCapability Codec(
        string mimeType,
        int clockRate = 90000,
        int? channels = null,
        IReadOnlyDictionary<string, CodecParameterValue>? parameters = null) =>
        new() { MimeType = mimeType, ClockRate = clockRate, Channels = channels, Parameters = parameters };

    private static Dictionary<string, CodecParameterValue> P(params (string Key, CodecParameterValue Value)[] entries)
    {
        var parameters = new Dictionary<string, CodecParameterValue>();
        foreach (var (key, value) in entries)
        {
            parameters[key] = value;
        }
        return parameters;
    }
}
