using Sfu.Media.Streams;
using Sfu.Media.Time;

namespace Sfu.Media.Tests.Streams;

/// <summary>
/// Key frame requests with virtual time (P13/MP5), after mediasoup's TestKeyFrameRequestManager.cpp: the manager's
/// timers run until none is left.
/// </summary>
public class KeyFrameRequestManagerTests
{
    private sealed class Listener : IKeyFrameRequestManagerListener
    {
        public List<(uint Ssrc, long AtMs)> Requests { get; } = [];

        public long NowMs { get; set; }

        public void OnKeyFrameRequestManagerKeyFrameNeeded(KeyFrameRequestManager manager, uint ssrc) =>
            Requests.Add((ssrc, NowMs));
    }

    /// <summary>Advances virtual time to each next timeout and runs it, until no timer is left.</summary>
    private static void RunTimers(KeyFrameRequestManager manager, Listener listener, Action<long>? at = null)
    {
        for (int guard = 0; guard < 100 && manager.NextTimeout != Instant.MaxValue; guard++)
        {
            Instant next = manager.NextTimeout;
            listener.NowMs = next.Milliseconds;
            at?.Invoke(listener.NowMs);
            manager.OnTimer(next);
        }

        Assert.Equal(Instant.MaxValue, manager.NextTimeout);
    }

    [Fact]
    public void Key_frame_requested_once_and_not_received_is_requested_once_more_after_one_second()
    {
        var listener = new Listener();
        var manager = new KeyFrameRequestManager(listener, TimeSpan.Zero);

        manager.KeyFrameNeeded(1111, Instant.Zero);
        RunTimers(manager, listener);

        Assert.Equal([(1111u, 0L), (1111u, 1000L)], listener.Requests);
    }

    [Fact]
    public void Key_frame_requested_many_times_and_not_received_is_sent_twice()
    {
        var listener = new Listener();
        var manager = new KeyFrameRequestManager(listener, TimeSpan.Zero);

        manager.KeyFrameNeeded(1111, Instant.Zero);
        manager.KeyFrameNeeded(1111, Instant.FromMilliseconds(10));
        manager.KeyFrameNeeded(1111, Instant.FromMilliseconds(20));
        manager.KeyFrameNeeded(1111, Instant.FromMilliseconds(30));
        RunTimers(manager, listener);

        Assert.Equal([(1111u, 0L), (1111u, 1000L)], listener.Requests);
    }

    [Fact]
    public void Key_frame_received_on_time_stops_the_retry()
    {
        var listener = new Listener();
        var manager = new KeyFrameRequestManager(listener, TimeSpan.Zero);

        manager.KeyFrameNeeded(1111, Instant.Zero);
        Assert.True(manager.IsPending(1111));
        manager.KeyFrameReceived(1111);
        RunTimers(manager, listener);

        Assert.Equal([(1111u, 0L)], listener.Requests);
        Assert.False(manager.IsPending(1111));
    }

    [Fact]
    public void Without_a_delay_a_request_after_the_key_frame_is_sent_at_once()
    {
        var listener = new Listener();
        var manager = new KeyFrameRequestManager(listener, TimeSpan.Zero);

        manager.KeyFrameNeeded(1111, Instant.Zero);
        manager.KeyFrameReceived(1111);
        listener.NowMs = 100;
        manager.KeyFrameNeeded(1111, Instant.FromMilliseconds(100));

        Assert.Equal([(1111u, 0L), (1111u, 100L)], listener.Requests);
    }

    [Fact]
    public void Requests_within_the_delay_are_merged_into_one_sent_when_it_expires()
    {
        var listener = new Listener();
        var manager = new KeyFrameRequestManager(listener, TimeSpan.FromMilliseconds(500));

        manager.KeyFrameNeeded(1111, Instant.Zero);
        manager.KeyFrameReceived(1111);
        manager.KeyFrameNeeded(1111, Instant.FromMilliseconds(100));
        manager.KeyFrameNeeded(1111, Instant.FromMilliseconds(200));
        RunTimers(manager, listener, at: ms =>
        {
            if (ms > 500)
            {
                manager.KeyFrameReceived(1111); // the merged request's key frame has arrived by the next timer
            }
        });

        Assert.Equal([(1111u, 0L), (1111u, 500L)], listener.Requests);
    }

    [Fact]
    public void A_request_with_nothing_merged_sends_nothing_when_the_delay_expires()
    {
        var listener = new Listener();
        var manager = new KeyFrameRequestManager(listener, TimeSpan.FromMilliseconds(500));

        manager.KeyFrameNeeded(1111, Instant.Zero);
        manager.KeyFrameReceived(1111);
        RunTimers(manager, listener);

        Assert.Equal([(1111u, 0L)], listener.Requests);
    }

    [Fact]
    public void Forced_request_is_sent_even_while_one_is_pending()
    {
        var listener = new Listener();
        var manager = new KeyFrameRequestManager(listener, TimeSpan.FromMilliseconds(500));

        manager.KeyFrameNeeded(1111, Instant.Zero);
        listener.NowMs = 50;
        manager.ForceKeyFrameNeeded(1111, Instant.FromMilliseconds(50));
        manager.KeyFrameReceived(1111);
        RunTimers(manager, listener);

        Assert.Equal([(1111u, 0L), (1111u, 50L)], listener.Requests);
    }

    [Fact]
    public void Ssrcs_are_independent()
    {
        var listener = new Listener();
        var manager = new KeyFrameRequestManager(listener, TimeSpan.Zero);

        manager.KeyFrameNeeded(1111, Instant.Zero);
        manager.KeyFrameNeeded(2222, Instant.Zero);
        manager.KeyFrameReceived(2222);
        RunTimers(manager, listener);

        Assert.Equal([(1111u, 0L), (2222u, 0L), (1111u, 1000L)], listener.Requests);
    }
}
