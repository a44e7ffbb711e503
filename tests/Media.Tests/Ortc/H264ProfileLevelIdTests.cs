using Sfu.Contracts;
using Sfu.Contracts.Rtp;
using Sfu.Media.Ortc;

namespace Sfu.Media.Tests.Ortc;

/// <summary>
/// RFC 6184 §8.1 profile-level-id handling, with the vectors of the npm package <c>h264-profile-level-id</c>
/// (which are libwebrtc's <c>h264_profile_level_id_unittest.cc</c>).
/// </summary>
public sealed class H264ProfileLevelIdTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" 42e01f")]
    [InlineData("4242e01f")]
    [InlineData("e01f")]
    [InlineData("gggggg")]
    // Invalid level.
    [InlineData("42e000")]
    [InlineData("42e00f")]
    [InlineData("42e0ff")]
    // Invalid profile.
    [InlineData("42e11f")]
    [InlineData("58601f")]
    [InlineData("64e01f")]
    // Zero and a profile_idc that no pattern knows.
    [InlineData("000000")]
    [InlineData("4f001f")]
    // CHICKEN: what test-Producer sends to get an UnsupportedError.
    [InlineData("CHICKEN")]
    public void Invalid_strings_parse_to_nothing(string? value)
    {
        Assert.Null(H264ProfileLevelId.Parse(value));
    }

    [Theory]
    [InlineData("42e01f", H264Level.L3_1)]
    [InlineData("42e00b", H264Level.L1_1)]
    [InlineData("42f00b", H264Level.L1b)]
    [InlineData("42C02A", H264Level.L4_2)]
    [InlineData("640c34", H264Level.L5_2)]
    public void The_level_is_parsed_with_constraint_set3_selecting_level_1b(string value, H264Level level)
    {
        Assert.Equal(level, H264ProfileLevelId.Parse(value)!.Value.Level);
    }

    [Theory]
    [InlineData("42e01f", H264Profile.ConstrainedBaseline)]
    [InlineData("42C02A", H264Profile.ConstrainedBaseline)]
    [InlineData("4de01f", H264Profile.ConstrainedBaseline)]
    [InlineData("58f01f", H264Profile.ConstrainedBaseline)]
    [InlineData("42a01f", H264Profile.Baseline)]
    [InlineData("58A01F", H264Profile.Baseline)]
    [InlineData("4D401f", H264Profile.Main)]
    [InlineData("64001f", H264Profile.High)]
    [InlineData("640c1f", H264Profile.ConstrainedHigh)]
    [InlineData("f4001f", H264Profile.PredictiveHigh444)]
    public void The_profile_is_recognized_from_profile_idc_and_profile_iop(string value, H264Profile profile)
    {
        Assert.Equal(profile, H264ProfileLevelId.Parse(value)!.Value.Profile);
    }

    [Theory]
    [InlineData(H264Profile.ConstrainedBaseline, H264Level.L3_1, "42e01f")]
    [InlineData(H264Profile.Baseline, H264Level.L1, "42000a")]
    [InlineData(H264Profile.Main, H264Level.L3_1, "4d001f")]
    [InlineData(H264Profile.ConstrainedHigh, H264Level.L4_2, "640c2a")]
    [InlineData(H264Profile.High, H264Level.L4_2, "64002a")]
    [InlineData(H264Profile.ConstrainedBaseline, H264Level.L1b, "42f00b")]
    [InlineData(H264Profile.Baseline, H264Level.L1b, "42100b")]
    [InlineData(H264Profile.Main, H264Level.L1b, "4d100b")]
    public void Formatting_gives_the_canonical_lowercase_string(H264Profile profile, H264Level level, string expected)
    {
        Assert.Equal(expected, H264ProfileLevelId.Format(new ProfileLevelId(profile, level)));
    }

    [Theory]
    [InlineData("42e01f", "42e01f")]
    [InlineData("42E01F", "42e01f")]
    [InlineData("4d100b", "4d100b")]
    [InlineData("4D100B", "4d100b")]
    [InlineData("640c2a", "640c2a")]
    [InlineData("640C2A", "640c2a")]
    public void Parse_then_format_round_trips_to_lowercase(string value, string expected)
    {
        Assert.Equal(expected, H264ProfileLevelId.Format(H264ProfileLevelId.Parse(value)!.Value));
    }

    [Fact]
    public void Level_1b_exists_only_for_the_baseline_and_main_profiles()
    {
        Assert.Null(H264ProfileLevelId.Format(new ProfileLevelId(H264Profile.High, H264Level.L1b)));
        Assert.Null(H264ProfileLevelId.Format(new ProfileLevelId(H264Profile.ConstrainedHigh, H264Level.L1b)));
        Assert.Null(H264ProfileLevelId.Format(new ProfileLevelId((H264Profile)255, H264Level.L3_1)));
    }

    [Fact]
    public void Sdp_parameters_without_profile_level_id_mean_constrained_baseline_level_3_1()
    {
        Assert.Equal(
            new ProfileLevelId(H264Profile.ConstrainedBaseline, H264Level.L3_1),
            H264ProfileLevelId.ParseSdpProfileLevelId(null));
        Assert.Equal(H264ProfileLevelId.Default, H264ProfileLevelId.ParseSdpProfileLevelId(Params(("foo", "bar"))));
        // JavaScript falsy values count as absent.
        Assert.Equal(H264ProfileLevelId.Default, H264ProfileLevelId.ParseSdpProfileLevelId(Params(("profile-level-id", ""))));
    }

    [Fact]
    public void Sdp_parameters_with_a_profile_level_id_are_parsed()
    {
        Assert.Equal(
            new ProfileLevelId(H264Profile.ConstrainedHigh, H264Level.L4_2),
            H264ProfileLevelId.ParseSdpProfileLevelId(Params(("profile-level-id", "640c2a"))));
    }

    [Fact]
    public void Sdp_parameters_with_an_invalid_profile_level_id_give_nothing()
    {
        Assert.Null(H264ProfileLevelId.ParseSdpProfileLevelId(Params(("profile-level-id", "foobar"))));
        // A number is not a profile-level-id string.
        Assert.Null(H264ProfileLevelId.ParseSdpProfileLevelId(Params(("profile-level-id", 42001))));
    }

    [Fact]
    public void Same_profile_ignores_the_level()
    {
        Assert.True(H264ProfileLevelId.IsSameProfile(Params(("foo", "foo")), Params(("bar", "bar"))));
        Assert.True(H264ProfileLevelId.IsSameProfile(Params(("profile-level-id", "42e01f")), Params(("profile-level-id", "42C02A"))));
        Assert.True(H264ProfileLevelId.IsSameProfile(Params(("profile-level-id", "42a01f")), Params(("profile-level-id", "58A01F"))));
        Assert.True(H264ProfileLevelId.IsSameProfile(Params(("profile-level-id", "42e01f")), null));
    }

    [Fact]
    public void Different_profiles_are_not_the_same()
    {
        Assert.False(H264ProfileLevelId.IsSameProfile(null, Params(("profile-level-id", "4d001f"))));
        Assert.False(H264ProfileLevelId.IsSameProfile(Params(("profile-level-id", "42a01f")), Params(("profile-level-id", "640c1f"))));
        Assert.False(H264ProfileLevelId.IsSameProfile(Params(("profile-level-id", "42000a")), Params(("profile-level-id", "64002a"))));
        // An invalid value is never the same profile, not even as itself.
        Assert.False(H264ProfileLevelId.IsSameProfile(Params(("profile-level-id", "CHICKEN")), Params(("profile-level-id", "CHICKEN"))));
    }

    [Fact]
    public void Same_profile_and_level_needs_both()
    {
        Assert.True(H264ProfileLevelId.IsSameProfileAndLevel(Params(("profile-level-id", "42e01f")), null));
        Assert.False(H264ProfileLevelId.IsSameProfileAndLevel(Params(("profile-level-id", "42e01f")), Params(("profile-level-id", "42e015"))));
    }

    [Fact]
    public void No_answer_when_neither_side_has_a_profile_level_id()
    {
        Assert.Null(H264ProfileLevelId.GenerateProfileLevelIdForAnswer(null, null));
        Assert.Null(H264ProfileLevelId.GenerateProfileLevelIdForAnswer(Params(("packetization-mode", 1)), null));
    }

    [Fact]
    public void Without_level_asymmetry_the_answer_takes_the_lower_level()
    {
        var low = Params(("profile-level-id", "42e015"));
        var high = Params(("profile-level-id", "42e01f"));

        Assert.Equal("42e015", H264ProfileLevelId.GenerateProfileLevelIdForAnswer(low, high));
        Assert.Equal("42e015", H264ProfileLevelId.GenerateProfileLevelIdForAnswer(high, low));
    }

    [Fact]
    public void With_level_asymmetry_on_both_sides_the_answer_keeps_the_local_level()
    {
        var local = Params(("profile-level-id", "42e01f"), ("level-asymmetry-allowed", "1"));
        var remote = Params(("profile-level-id", "42e015"), ("level-asymmetry-allowed", "1"));

        Assert.Equal("42e01f", H264ProfileLevelId.GenerateProfileLevelIdForAnswer(local, remote));
        // Numeric 1 counts too; on one side only it does not.
        Assert.Equal("42e01f", H264ProfileLevelId.GenerateProfileLevelIdForAnswer(
            Params(("profile-level-id", "42e01f"), ("level-asymmetry-allowed", 1)),
            Params(("profile-level-id", "42e015"), ("level-asymmetry-allowed", 1))));
        Assert.Equal("42e015", H264ProfileLevelId.GenerateProfileLevelIdForAnswer(
            Params(("profile-level-id", "42e01f"), ("level-asymmetry-allowed", 1)),
            Params(("profile-level-id", "42e015"))));
    }

    [Fact]
    public void Level_1b_sits_between_level_1_and_level_1_1()
    {
        // Without level asymmetry the answer is the lower level, in either order (RFC 6184 §8.1; libwebrtc's order).
        Assert.Equal("42f00b", H264ProfileLevelId.GenerateProfileLevelIdForAnswer(
            Params(("profile-level-id", "42e00b")), Params(("profile-level-id", "42f00b"))));
        Assert.Equal("42f00b", H264ProfileLevelId.GenerateProfileLevelIdForAnswer(
            Params(("profile-level-id", "42f00b")), Params(("profile-level-id", "42e00b"))));
        Assert.Equal("42e00a", H264ProfileLevelId.GenerateProfileLevelIdForAnswer(
            Params(("profile-level-id", "42e00a")), Params(("profile-level-id", "42f00b"))));
        Assert.Equal("42e00a", H264ProfileLevelId.GenerateProfileLevelIdForAnswer(
            Params(("profile-level-id", "42f00b")), Params(("profile-level-id", "42e00a"))));
        Assert.Equal("42f00b", H264ProfileLevelId.GenerateProfileLevelIdForAnswer(
            Params(("profile-level-id", "42e01f")), Params(("profile-level-id", "42f00b"))));
    }

    [Fact]
    public void An_answer_for_invalid_or_different_profiles_is_a_TypeError()
    {
        var local = Assert.Throws<TypeError>(() => H264ProfileLevelId.GenerateProfileLevelIdForAnswer(
            Params(("profile-level-id", "foobar")), Params(("profile-level-id", "42e01f"))));
        Assert.Equal("invalid local_profile_level_id", local.Message);

        var remote = Assert.Throws<TypeError>(() => H264ProfileLevelId.GenerateProfileLevelIdForAnswer(
            Params(("profile-level-id", "42e01f")), Params(("profile-level-id", "foobar"))));
        Assert.Equal("invalid remote_profile_level_id", remote.Message);

        var mismatch = Assert.Throws<TypeError>(() => H264ProfileLevelId.GenerateProfileLevelIdForAnswer(
            Params(("profile-level-id", "42e01f")), Params(("profile-level-id", "640c1f"))));
        Assert.Equal("H264 Profile mismatch", mismatch.Message);

        Assert.False(H264ProfileLevelId.TryGenerateProfileLevelIdForAnswer(
            Params(("profile-level-id", "42e01f")), Params(("profile-level-id", "640c1f")), out var answer, out var error));
        Assert.Null(answer);
        Assert.Equal("H264 Profile mismatch", error);
    }

    [Theory]
    [InlineData(640 * 480, 25.0, H264Level.L2_1)]
    [InlineData(1280 * 720, 30.0, H264Level.L3_1)]
    [InlineData(1920 * 1280, 60.0, H264Level.L4_2)]
    public void Supported_level_is_the_highest_level_the_decoder_can_guarantee(long pixels, double fps, H264Level level)
    {
        // libwebrtc h264_profile_level_id_unittest.cc TestSupportedLevel.
        Assert.Equal(level, H264ProfileLevelId.SupportedLevel(pixels, fps));
    }

    [Theory]
    [InlineData(0, 0.0)]
    [InlineData(176 * 144, 0.0)]
    [InlineData(176 * 144 - 1, 30.0)]
    public void No_level_is_supported_below_level_1(long pixels, double fps)
    {
        Assert.Null(H264ProfileLevelId.SupportedLevel(pixels, fps));
    }

    [Fact]
    public void Every_level_parsed_from_its_canonical_string_formats_back_to_it()
    {
        foreach (var profile in Enum.GetValues<H264Profile>())
        {
            foreach (var level in Enum.GetValues<H264Level>())
            {
                var id = new ProfileLevelId(profile, level);
                var text = H264ProfileLevelId.Format(id);
                if (text is null)
                {
                    Assert.Equal(H264Level.L1b, level);
                    continue;
                }
                Assert.Equal(id, H264ProfileLevelId.Parse(text));
            }
        }
    }

    private static Dictionary<string, CodecParameterValue> Params(params (string Key, CodecParameterValue Value)[] entries)
    {
        var parameters = new Dictionary<string, CodecParameterValue>();
        foreach (var (key, value) in entries)
        {
            parameters[key] = value;
        }
        return parameters;
    }
}
