namespace Sfu.Contracts.Events;

/// <summary>P7 One entry of a producer's <c>'score'</c> event: <c>{ encodingIdx, ssrc, rid?, score }</c>.</summary>
public sealed record ProducerScore
{
    /// <summary>Index in <c>rtpParameters.encodings</c>.</summary>
    public int EncodingIdx { get; init; }

    public uint Ssrc { get; init; }

    public string? Rid { get; init; }

    /// <summary>0 … 10.</summary>
    public int Score { get; init; }
}

/// <summary>
/// P8 <c>'videoorientationchange'</c>: <c>{ camera, flip, rotation }</c>, from the
/// <c>urn:3gpp:video-orientation</c> header extension (3GPP TS 26.114 §7.4.5).
/// </summary>
public sealed record ProducerVideoOrientation
{
    /// <summary>Whether the source is a camera (C bit: front/back).</summary>
    public bool Camera { get; init; }

    /// <summary>Whether the video is flipped horizontally (F bit).</summary>
    public bool Flip { get; init; }

    /// <summary>0, 90, 180 or 270 degrees.</summary>
    public int Rotation { get; init; }
}
