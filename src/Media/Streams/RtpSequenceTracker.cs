namespace Sfu.Media.Streams;

/// <summary>The outcome of <see cref="RtpSequenceTracker.Update"/>.</summary>
public enum RtpSequenceResult : byte
{
    /// <summary>In order (possibly after a gap) or an acceptable late/duplicate packet.</summary>
    Accepted,

    /// <summary>The second of two sequential packets after a large jump: the tracker re-synchronised on it.</summary>
    Reset,

    /// <summary>Too far from the highest sequence number: discard.</summary>
    Discarded,
}

/// <summary>
/// RFC 3550 Appendix A.1 sequence number validation and extension (<c>init_seq</c>/<c>update_seq</c>), without
/// probation: the first packet initialises the tracker and is accepted (SSRCs are signalled, as in mediasoup).
/// </summary>
/// <remarks>
/// A packet up to <see cref="MaxDropout"/> ahead of the highest sequence number is accepted (a wrap counts a cycle);
/// one up to <see cref="MaxMisorder"/> behind is accepted as reordered or duplicated; anything else is discarded,
/// unless two such packets arrive in sequence, which re-synchronises (the sender restarted). A mutable struct: keep it
/// in a field and call it by reference.
/// </remarks>
public struct RtpSequenceTracker
{
    /// <summary>RFC 3550 A.1 MAX_DROPOUT.</summary>
    public const int MaxDropout = 3000;

    /// <summary>RFC 3550 A.1 MAX_MISORDER.</summary>
    public const int MaxMisorder = 1500;

    private const uint RtpSeqMod = 1 << 16;

    private uint _badSeq;

    /// <summary>True once the first packet was seen.</summary>
    public bool Started { get; private set; }

    /// <summary>The first sequence number since the last (re)initialisation.</summary>
    public ushort BaseSequenceNumber { get; private set; }

    /// <summary>Highest sequence number seen.</summary>
    public ushort MaxSequenceNumber { get; private set; }

    /// <summary>Shifted count of sequence number cycles (a multiple of 65536).</summary>
    public uint Cycles { get; private set; }

    /// <summary>Packets discarded so far.</summary>
    public long Discarded { get; private set; }

    /// <summary>Cycles and highest sequence number (the RR's "extended highest sequence number received").</summary>
    public readonly uint ExtendedHighestSequenceNumber => Cycles + MaxSequenceNumber;

    /// <summary>Packets expected since the last (re)initialisation: extended highest − base + 1 (RFC 3550 A.3).</summary>
    public readonly uint ExpectedPackets => Started ? Cycles + MaxSequenceNumber - BaseSequenceNumber + 1 : 0;

    /// <summary>Validates <paramref name="seq"/> and updates the state.</summary>
    public RtpSequenceResult Update(ushort seq)
    {
        if (!Started)
        {
            Started = true;
            Init(seq);
            return RtpSequenceResult.Accepted;
        }

        ushort udelta = (ushort)(seq - MaxSequenceNumber);
        if (udelta < MaxDropout)
        {
            if (seq < MaxSequenceNumber)
            {
                Cycles += RtpSeqMod;
            }

            MaxSequenceNumber = seq;
            return RtpSequenceResult.Accepted;
        }

        if (udelta <= RtpSeqMod - MaxMisorder)
        {
            if (seq == _badSeq)
            {
                Init(seq);
                return RtpSequenceResult.Reset;
            }

            _badSeq = (seq + 1u) & (RtpSeqMod - 1);
            Discarded++;
            return RtpSequenceResult.Discarded;
        }

        return RtpSequenceResult.Accepted;
    }

    /// <summary>Forgets everything but the discard count; the next packet initialises again.</summary>
    public void Restart() => Started = false;

    private void Init(ushort seq)
    {
        BaseSequenceNumber = seq;
        MaxSequenceNumber = seq;
        _badSeq = RtpSeqMod + 1; // so seq == badSeq is false
        Cycles = 0;
    }
}
