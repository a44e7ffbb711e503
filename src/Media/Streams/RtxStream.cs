using Sfu.Media.Rtcp;
using Sfu.Media.Time;

namespace Sfu.Media.Streams;

/// <summary>
/// The receive side of a stream's RTX SSRC (RFC 4588; mediasoup <c>RTC::RtxStream</c>): sequence validation in the RTX
/// sequence space, counters, and the data for its own RTCP receiver report block.
/// </summary>
public sealed class RtxStream
{
    private RtpSequenceTracker _sequence;
    private uint _expectedPrior;
    private uint _receivedPrior;
    private long _packetsSinceInit;
    private uint _lastSrCompact;
    private Instant _lastSrReceived;
    private bool _hasSr;

    /// <summary>Creates the RTX side of a stream.</summary>
    public RtxStream(uint ssrc, byte payloadType)
    {
        Ssrc = ssrc;
        PayloadType = payloadType;
    }

    /// <summary>The RTX SSRC.</summary>
    public uint Ssrc { get; }

    /// <summary>The RTX payload type.</summary>
    public byte PayloadType { get; }

    /// <summary>RTX packets accepted.</summary>
    public long PacketCount { get; private set; }

    /// <summary>Bytes of the accepted RTX packets.</summary>
    public long ByteCount { get; private set; }

    /// <summary>RTX packets discarded by sequence validation (stats' <c>rtxPacketsDiscarded</c>).</summary>
    public long PacketsDiscarded => _sequence.Discarded;

    /// <summary>Cumulative RTX packets lost.</summary>
    public long PacketsLost { get; private set; }

    /// <summary>Validates and counts one RTX packet (before decapsulation).</summary>
    /// <returns>False when it fails sequence validation.</returns>
    public bool ReceivePacket(ushort rtxSequenceNumber, int length)
    {
        RtpSequenceResult result = _sequence.Update(rtxSequenceNumber);
        if (result == RtpSequenceResult.Discarded)
        {
            return false;
        }

        if (result == RtpSequenceResult.Reset)
        {
            _expectedPrior = 0;
            _receivedPrior = 0;
            _packetsSinceInit = 0;
        }

        _packetsSinceInit++;
        PacketCount++;
        ByteCount += length;
        return true;
    }

    /// <summary>Remembers an SR received for the RTX SSRC (for the LSR/DLSR of its report block).</summary>
    public void ReceiveRtcpSenderReport(NtpTime ntp, Instant now)
    {
        _lastSrCompact = ntp.Compact;
        _lastSrReceived = now;
        _hasSr = true;
    }

    /// <summary>Builds the RTX SSRC's report block (no jitter: RTX timing says nothing about the media).</summary>
    /// <returns>False until an RTX packet was received.</returns>
    public bool TryGetReceptionReport(Instant now, out ReceptionReport report)
    {
        report = default;
        if (!_sequence.Started)
        {
            return false;
        }

        uint expected = _sequence.ExpectedPackets;
        long received = _packetsSinceInit;
        PacketsLost = expected > received ? expected - received : 0;
        uint expectedInterval = expected - _expectedPrior;
        _expectedPrior = expected;
        uint receivedInterval = (uint)received - _receivedPrior;
        _receivedPrior = (uint)received;
        int lostInterval = (int)(expectedInterval - receivedInterval);
        byte fraction = expectedInterval == 0 || lostInterval <= 0
            ? (byte)0
            : (byte)Math.Min(255, Math.Round((double)(lostInterval << 8) / expectedInterval, MidpointRounding.AwayFromZero));
        uint dlsr = _hasSr ? NtpTime.MicrosecondsToCompact(now.Microseconds - _lastSrReceived.Microseconds) : 0;
        report = new ReceptionReport(Ssrc, fraction, (int)Math.Min(PacketsLost, int.MaxValue),
            _sequence.ExtendedHighestSequenceNumber, 0, _hasSr ? _lastSrCompact : 0, dlsr);
        return true;
    }
}
