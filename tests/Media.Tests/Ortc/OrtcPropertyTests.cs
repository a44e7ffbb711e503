using FsCheck;
using FsCheck.Fluent;
using Sfu.Contracts;
using Sfu.Contracts.Rtp;
using Sfu.Media.Ortc;

namespace Sfu.Media.Tests.Ortc;

using Ortc = Sfu.Media.Ortc.Ortc;

/// <summary>Properties of the ORTC functions over generated input.</summary>
public sealed class OrtcPropertyTests
{
    [Fact]
    public void Profile_level_id_parsing_never_throws_and_what_parses_formats_back_to_the_same_value()
    {
        var hex = Gen.Elements("0123456789abcdefABCDEF xg".ToCharArray());
        var candidates = Gen.OneOf(
            Gen.ArrayOf(hex, 6).Select(chars => new string(chars)),
            ArbMap.Default.GeneratorFor<string>());

        Check.QuickThrowOnFailure(Prop.ForAll(candidates.ToArbitrary(), value =>
        {
            var parsed = H264ProfileLevelId.Parse(value);
            if (parsed is null)
            {
                return true;
            }
            var formatted = H264ProfileLevelId.Format(parsed.Value);
            return formatted is not null && H264ProfileLevelId.Parse(formatted) == parsed;
        }));
    }

    [Fact]
    public void Scalability_mode_parsing_never_throws_and_gives_1_to_99_layers()
    {
        var modes = Gen.OneOf(
            Gen.Elements("L", "S", "X").SelectMany(
                prefix => Gen.Choose(0, 120),
                (prefix, s) => (prefix, s)).SelectMany(
                p => Gen.Choose(0, 120),
                (p, t) => $"{p.prefix}{p.s}T{t}"),
            ArbMap.Default.GeneratorFor<string>());

        Check.QuickThrowOnFailure(Prop.ForAll(modes.ToArbitrary(), value =>
        {
            var mode = ScalabilityMode.Parse(value);
            return mode.SpatialLayers is >= 1 and <= 99 && mode.TemporalLayers is >= 1 and <= 99;
        }));
    }

    [Fact]
    public void Router_capabilities_give_distinct_payload_types_and_each_rtx_follows_its_video_codec()
    {
        // Any sequence of supported codecs that routers accept (multiopus and mono opus as the table has them).
        var supported = Ortc.ValidateRtpCapabilities(SupportedRtpCapabilities.Value).Codecs!;
        var codecs = Gen.ListOf(Gen.Elements(supported.ToArray()).Select(c => c with { PreferredPayloadType = null }));

        Check.QuickThrowOnFailure(Prop.ForAll(codecs.ToArbitrary(), mediaCodecs =>
        {
            RtpCapabilities caps;
            try
            {
                caps = Ortc.GenerateRouterRtpCapabilities(mediaCodecs.ToArray());
            }
            catch (TypeError)
            {
                // Static payload types (PCMU 0, CN 13 …) given twice are duplicates.
                return HasStaticPayloadTypeTwice(mediaCodecs, supported);
            }
            catch (SfuException e) when (e.Name == ErrorNames.Error)
            {
                return e.Message == "cannot allocate more dynamic codec payload types";
            }

            var seen = new HashSet<int>();
            for (var i = 0; i < caps.Codecs!.Count; i++)
            {
                var codec = caps.Codecs[i];
                if (!seen.Add(codec.PreferredPayloadType!.Value))
                {
                    return false;
                }
                if (Ortc.IsRtxCodec(codec.MimeType) &&
                    codec.Parameters!["apt"].Number != caps.Codecs[i - 1].PreferredPayloadType)
                {
                    return false;
                }
            }
            return true;
        }));
    }

    private static bool HasStaticPayloadTypeTwice(IEnumerable<RtpCodecCapability> mediaCodecs, IReadOnlyList<RtpCodecCapability> supported)
    {
        var staticTypes = new HashSet<int>();
        foreach (var codec in mediaCodecs)
        {
            foreach (var s in supported)
            {
                if (Ortc.MatchCodecs(codec, s) && s.PreferredPayloadType is { } pt && !staticTypes.Add(pt))
                {
                    return true;
                }
            }
        }
        return false;
    }
}
