using System.Text.Json.Serialization;
using Sfu.Contracts.Json;

namespace Sfu.Contracts.Rtp;

/// <summary>Media kind: <c>'audio'</c> or <c>'video'</c>.</summary>
[JsonConverter(typeof(WireEnumConverter<MediaKind>))]
public enum MediaKind
{
    [JsonStringEnumMemberName("audio")] Audio,
    [JsonStringEnumMemberName("video")] Video,
}

/// <summary>Direction of a header extension capability (§3.3).</summary>
[JsonConverter(typeof(WireEnumConverter<RtpHeaderExtensionDirection>))]
public enum RtpHeaderExtensionDirection
{
    [JsonStringEnumMemberName("sendrecv")] SendRecv,
    [JsonStringEnumMemberName("sendonly")] SendOnly,
    [JsonStringEnumMemberName("recvonly")] RecvOnly,
    [JsonStringEnumMemberName("inactive")] Inactive,
}

public static class MediaKindExtensions
{
    /// <summary>The lowercase wire spelling.</summary>
    public static string ToWire(this MediaKind kind) => kind == MediaKind.Audio ? "audio" : "video";
}
