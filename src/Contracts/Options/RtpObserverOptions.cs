using System.Text.Json.Nodes;

namespace Sfu.Contracts.Options;

/// <summary>O2 <c>router.createActiveSpeakerObserver({ interval?, appData? })</c>.</summary>
public sealed record ActiveSpeakerObserverOptions
{
    /// <summary>ms; default 300, clamped to 100 … 5000.</summary>
    public int? Interval { get; init; }

    public JsonObject? AppData { get; init; }
}

/// <summary>O3 <c>router.createAudioLevelObserver({ maxEntries?, threshold?, interval?, appData? })</c>.</summary>
public sealed record AudioLevelObserverOptions
{
    /// <summary>Entries per <c>'volumes'</c> event; default 1, must be &gt; 0.</summary>
    public int? MaxEntries { get; init; }

    /// <summary>dBov, −127 … 0; default −80.</summary>
    public int? Threshold { get; init; }

    /// <summary>ms; default 1000, clamped to 250 … 5000.</summary>
    public int? Interval { get; init; }

    public JsonObject? AppData { get; init; }
}

/// <summary>O1 <c>rtpObserver.addProducer({ producerId })</c> and <c>removeProducer({ producerId })</c>.</summary>
public sealed record RtpObserverAddRemoveProducerOptions
{
    public string? ProducerId { get; init; }
}
