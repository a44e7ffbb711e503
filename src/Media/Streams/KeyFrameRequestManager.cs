using Sfu.Media.Time;

namespace Sfu.Media.Streams;

/// <summary>Receives the requests a <see cref="KeyFrameRequestManager"/> decides to send.</summary>
public interface IKeyFrameRequestManagerListener
{
    /// <summary>Send a PLI or FIR (whichever the producer stream negotiated) for <paramref name="ssrc"/> now.</summary>
    void OnKeyFrameRequestManagerKeyFrameNeeded(KeyFrameRequestManager manager, uint ssrc);
}

/// <summary>
/// Rate-limits key frame requests towards a producer's streams (mediasoup <c>RTC::KeyFrameRequestManager</c>, P13/MP5).
/// Sans-IO: timers are <see cref="NextTimeout"/>/<see cref="OnTimer"/>.
/// </summary>
/// <remarks>
/// <para><b>Retry.</b> A request starts a 1000 ms wait for the key frame. If a key frame is needed again during the
/// wait, nothing is sent at once but the request is re-sent when the wait ends without a key frame; a request sent
/// once and not asked for again is also re-sent once at the end of the wait, "in case the PLI/FIR was lost". A
/// received key frame ends the wait.</para>
/// <para><b>Delay</b> (<c>keyFrameRequestDelay</c> &gt; 0). After a request, further requests for the same SSRC within
/// the delay are merged into one, sent when the delay expires.</para>
/// <para>The owner re-reads <see cref="NextTimeout"/> after each call. Allocation-free once an SSRC has been seen;
/// one thread.</para>
/// </remarks>
public sealed class KeyFrameRequestManager
{
    /// <summary>How long to wait for a key frame before re-sending the request.</summary>
    public static readonly TimeSpan KeyFrameRetransmissionWaitTime = TimeSpan.FromMilliseconds(1000);

    private readonly IKeyFrameRequestManagerListener _listener;
    private readonly TimeSpan _delay;
    private Entry[] _entries = new Entry[4];
    private int _count;

    /// <summary>Creates a manager.</summary>
    /// <param name="listener">Sends the requests.</param>
    /// <param name="keyFrameRequestDelay">The producer's <c>keyFrameRequestDelay</c> (zero: no merging).</param>
    public KeyFrameRequestManager(IKeyFrameRequestManagerListener listener, TimeSpan keyFrameRequestDelay)
    {
        ArgumentNullException.ThrowIfNull(listener);
        _listener = listener;
        _delay = keyFrameRequestDelay > TimeSpan.Zero ? keyFrameRequestDelay : TimeSpan.Zero;
    }

    /// <summary>The merge delay.</summary>
    public TimeSpan KeyFrameRequestDelay => _delay;

    /// <summary>The earliest pending timer (<see cref="Instant.MaxValue"/> when none).</summary>
    public Instant NextTimeout
    {
        get
        {
            Instant next = Instant.MaxValue;
            for (int i = 0; i < _count; i++)
            {
                ref Entry e = ref _entries[i];
                if (e.Pending)
                {
                    next = Instant.Min(next, e.PendingDeadline);
                }

                if (e.Delaying)
                {
                    next = Instant.Min(next, e.DelayDeadline);
                }
            }

            return next;
        }
    }

    /// <summary>True while a request for <paramref name="ssrc"/> waits for its key frame.</summary>
    public bool IsPending(uint ssrc)
    {
        int i = IndexOf(ssrc);
        return i >= 0 && _entries[i].Pending;
    }

    /// <summary>A consumer (or the router) needs a key frame from <paramref name="ssrc"/>.</summary>
    public void KeyFrameNeeded(uint ssrc, Instant now)
    {
        ref Entry e = ref GetOrAdd(ssrc);
        if (_delay > TimeSpan.Zero)
        {
            if (e.Delaying)
            {
                e.DelayedRequest = true;
                return;
            }

            e.Delaying = true;
            e.DelayedRequest = false;
            e.DelayDeadline = now + _delay;
        }

        if (e.Pending)
        {
            e.RetryOnTimeout = true;
            return;
        }

        StartPending(ref e, now);
        _listener.OnKeyFrameRequestManagerKeyFrameNeeded(this, ssrc);
    }

    /// <summary>
    /// Sends a request now regardless of the delay and of a pending one (mediasoup <c>ForceKeyFrameNeeded</c>, used
    /// when a consumer resumes or a simulcast consumer must switch).
    /// </summary>
    public void ForceKeyFrameNeeded(uint ssrc, Instant now)
    {
        ref Entry e = ref GetOrAdd(ssrc);
        if (_delay > TimeSpan.Zero)
        {
            e.Delaying = true;
            e.DelayedRequest = false;
            e.DelayDeadline = now + _delay;
        }

        StartPending(ref e, now);
        _listener.OnKeyFrameRequestManagerKeyFrameNeeded(this, ssrc);
    }

    /// <summary>A key frame arrived on <paramref name="ssrc"/>: stop waiting for it.</summary>
    public void KeyFrameReceived(uint ssrc)
    {
        int i = IndexOf(ssrc);
        if (i >= 0)
        {
            _entries[i].Pending = false;
        }
    }

    /// <summary>Runs every timer due at <paramref name="now"/>.</summary>
    public void OnTimer(Instant now)
    {
        for (int i = 0; i < _count; i++)
        {
            uint ssrc = _entries[i].Ssrc;
            if (_entries[i].Pending && _entries[i].PendingDeadline <= now)
            {
                if (_entries[i].RetryOnTimeout)
                {
                    // Best effort in case the PLI/FIR was lost; do not retry again.
                    _entries[i].RetryOnTimeout = false;
                    _entries[i].PendingDeadline = now + KeyFrameRetransmissionWaitTime;
                    _listener.OnKeyFrameRequestManagerKeyFrameNeeded(this, ssrc);
                }
                else
                {
                    _entries[i].Pending = false;
                }
            }

            // The listener may have called back into this manager: find the entry again.
            int j = IndexOf(ssrc);
            if (j >= 0 && _entries[j].Delaying && _entries[j].DelayDeadline <= now)
            {
                _entries[j].Delaying = false;
                if (_entries[j].DelayedRequest)
                {
                    _entries[j].DelayedRequest = false;
                    KeyFrameNeeded(ssrc, now);
                }
            }
        }
    }

    private static void StartPending(ref Entry e, Instant now)
    {
        e.Pending = true;
        e.RetryOnTimeout = true;
        e.PendingDeadline = now + KeyFrameRetransmissionWaitTime;
    }

    private int IndexOf(uint ssrc)
    {
        for (int i = 0; i < _count; i++)
        {
            if (_entries[i].Ssrc == ssrc)
            {
                return i;
            }
        }

        return -1;
    }

    private ref Entry GetOrAdd(uint ssrc)
    {
        int i = IndexOf(ssrc);
        if (i >= 0)
        {
            return ref _entries[i];
        }

        if (_count == _entries.Length)
        {
            Array.Resize(ref _entries, _count * 2);
        }

        _entries[_count] = new Entry { Ssrc = ssrc };
        return ref _entries[_count++];
    }

    private struct Entry
    {
        public uint Ssrc;
        public bool Pending;
        public bool RetryOnTimeout;
        public Instant PendingDeadline;
        public bool Delaying;
        public bool DelayedRequest;
        public Instant DelayDeadline;
    }
}
