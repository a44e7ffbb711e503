namespace Sfu.Media.Time;

/// <summary>
/// Extends 16-bit RTP sequence numbers to a monotone 64-bit counter (RFC 3550 §A.1 "extended highest sequence number",
/// generalised). Each new value is placed at the shortest signed distance from the last one, so reordered packets
/// land before their successors and a wrap from 65535 to 0 continues at 65536.
/// </summary>
/// <remarks>
/// The first value unwraps to itself. Values that go backwards stay backwards (they may become negative when the very
/// first packets are reordered around 0). Only the last value is remembered: one instance per stream, one thread.
/// </remarks>
public sealed class SeqUnwrapper
{
    private long _last = -1;
    private bool _started;

    /// <summary>True once the first value was unwrapped.</summary>
    public bool HasValue => _started;

    /// <summary>The last unwrapped value (undefined before the first <see cref="Unwrap"/>).</summary>
    public long Last => _last;

    /// <summary>Returns the extended value of <paramref name="seq"/> and remembers it as the new reference.</summary>
    public long Unwrap(ushort seq)
    {
        long value = PeekUnwrap(seq);
        _last = value;
        _started = true;
        return value;
    }

    /// <summary>Returns the extended value of <paramref name="seq"/> without moving the reference.</summary>
    public long PeekUnwrap(ushort seq)
    {
        if (!_started)
        {
            return seq;
        }

        return _last + SeqNum16.Distance((ushort)_last, seq);
    }

    /// <summary>Forgets all history.</summary>
    public void Reset()
    {
        _last = -1;
        _started = false;
    }
}

/// <summary>
/// Extends 32-bit RTP timestamps to a 64-bit media time (str0m's approach), with the same rule as
/// <see cref="SeqUnwrapper"/>: each value is placed at the shortest signed distance from the last one.
/// </summary>
public sealed class RtpTimestampUnwrapper
{
    private long _last;
    private bool _started;

    /// <summary>True once the first value was unwrapped.</summary>
    public bool HasValue => _started;

    /// <summary>Returns the extended value of <paramref name="timestamp"/> and remembers it as the new reference.</summary>
    public long Unwrap(uint timestamp)
    {
        long value = PeekUnwrap(timestamp);
        _last = value;
        _started = true;
        return value;
    }

    /// <summary>Returns the extended value of <paramref name="timestamp"/> without moving the reference.</summary>
    public long PeekUnwrap(uint timestamp)
    {
        if (!_started)
        {
            return timestamp;
        }

        return _last + SeqNum32.Distance((uint)_last, timestamp);
    }

    /// <summary>Forgets all history.</summary>
    public void Reset()
    {
        _last = 0;
        _started = false;
    }
}
