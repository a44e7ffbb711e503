using System.Collections.Concurrent;
using Sfu.Media.Net;
using Sfu.Media.Time;

namespace Sfu.Media.Tests.Net;

public class MediaLoopTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Posted_work_runs_on_the_loop_thread_in_post_order(bool epoll)
    {
        using var loop = new MediaLoop("test-loop", preferEpoll: epoll);
        loop.Start();
        var seen = new ConcurrentQueue<(int Value, int Thread)>();
        var done = new TaskCompletionSource();
        for (var i = 0; i < 1000; i++)
        {
            var value = i;
            loop.Post(_ =>
            {
                seen.Enqueue((value, Environment.CurrentManagedThreadId));
                if (value == 999)
                {
                    done.SetResult();
                }
            }, null);
        }
        await done.Task.WaitAsync(Timeout);
        Assert.Equal(Enumerable.Range(0, 1000), seen.Select(s => s.Value));
        Assert.All(seen, s => Assert.Equal(loop.ThreadId, s.Thread));
        Assert.Equal(epoll && OperatingSystem.IsLinux() ? "epoll" : "portable", loop.PollerKind);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_requested_flush_runs_on_the_loop_thread_before_the_loop_sleeps(bool epoll)
    {
        using var loop = new MediaLoop("flush-loop", preferEpoll: epoll);
        loop.Start();
        var first = new RecordingFlushable();
        var second = new RecordingFlushable();
        // Nothing else is due: without the flush step the loop would sleep with no timeout after this work item.
        var calledInline = await InvokeAsync(loop, () =>
        {
            loop.RequestFlush(first);
            loop.RequestFlush(second);
            return first.Flushes.Count + second.Flushes.Count;
        });
        await Task.WhenAll(first.Flushed.Task, second.Flushed.Task).WaitAsync(Timeout);
        // A later round does not flush again unless asked.
        await InvokeAsync(loop, () => 0);

        Assert.Equal(0, calledInline);
        Assert.Equal([loop.ThreadId], first.Flushes);
        Assert.Equal([loop.ThreadId], second.Flushes);
    }

    [Fact]
    public void Receive_coalescing_defaults_to_100_microseconds_and_is_bounded()
    {
        using var loop = new MediaLoop("coalescing-loop");
        using var eager = new MediaLoop("eager-loop", receiveCoalescing: TimeSpan.Zero);

        Assert.Equal(TimeSpan.FromMicroseconds(100), loop.ReceiveCoalescing);
        Assert.Equal(TimeSpan.Zero, eager.ReceiveCoalescing);
        Assert.Throws<ArgumentOutOfRangeException>(() => new MediaLoop("bad", receiveCoalescing: TimeSpan.FromMilliseconds(-1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MediaLoop("bad", receiveCoalescing: TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void Sixty_four_bit_Linux_message_headers_have_the_kernels_layout()
    {
        // struct iovec 16, struct msghdr 56, struct mmsghdr 64 bytes on x86-64 and arm64.
        Assert.Equal(16, System.Runtime.CompilerServices.Unsafe.SizeOf<LibC.IoVec>());
        Assert.Equal(56, System.Runtime.CompilerServices.Unsafe.SizeOf<LibC.MsgHdr>());
        Assert.Equal(64, System.Runtime.CompilerServices.Unsafe.SizeOf<LibC.MMsgHdr>());
        Assert.Equal(48, (int)System.Runtime.InteropServices.Marshal.OffsetOf<LibC.MsgHdr>(nameof(LibC.MsgHdr.Flags)));
        Assert.Equal(56, (int)System.Runtime.InteropServices.Marshal.OffsetOf<LibC.MMsgHdr>(nameof(LibC.MMsgHdr.Length)));
    }

    private static Task<T> InvokeAsync<T>(MediaLoop loop, Func<T> func)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        loop.Post(_ => done.SetResult(func()), null);
        return done.Task.WaitAsync(Timeout);
    }

    private sealed class RecordingFlushable : IFlushable
    {
        public ConcurrentQueue<int> Flushes { get; } = new();

        public TaskCompletionSource Flushed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Flush()
        {
            Flushes.Enqueue(Environment.CurrentManagedThreadId);
            Flushed.TrySetResult();
        }
    }

    [Fact]
    public async Task Timers_fire_in_due_order_and_a_cancelled_timer_never_fires()
    {
        using var loop = new MediaLoop("timer-loop");
        loop.Start();
        var fired = new ConcurrentQueue<string>();
        var last = new TaskCompletionSource();
        var a = new LoopTimer(_ => fired.Enqueue("a"));
        var b = new LoopTimer(_ => fired.Enqueue("b"));
        var cancelled = new LoopTimer(_ => fired.Enqueue("cancelled"));
        var c = new LoopTimer(_ => { fired.Enqueue("c"); last.SetResult(); });
        loop.Post(_ =>
        {
            var now = loop.Now;
            loop.Schedule(c, now.AddMilliseconds(60));
            loop.Schedule(a, now.AddMilliseconds(10));
            loop.Schedule(cancelled, now.AddMilliseconds(20));
            loop.Schedule(b, now.AddMilliseconds(30));
            loop.Cancel(cancelled);
        }, null);
        await last.Task.WaitAsync(Timeout);
        Assert.Equal(["a", "b", "c"], fired.ToArray());
    }

    [Fact]
    public async Task Rescheduling_a_timer_replaces_its_earlier_due_time()
    {
        using var loop = new MediaLoop("resched-loop");
        loop.Start();
        var fires = new ConcurrentQueue<Instant>();
        var fired = new TaskCompletionSource();
        var timer = new LoopTimer(now => { fires.Enqueue(now); fired.TrySetResult(); });
        Instant scheduledAt = default;
        loop.Post(_ =>
        {
            scheduledAt = loop.Now;
            loop.Schedule(timer, scheduledAt.AddMilliseconds(5));
            loop.Schedule(timer, scheduledAt.AddMilliseconds(40));
        }, null);
        await fired.Task.WaitAsync(Timeout);
        var flushed = new TaskCompletionSource();
        loop.Post(_ => flushed.SetResult(), null);
        await flushed.Task.WaitAsync(Timeout);
        Assert.Single(fires);
        Assert.True(fires.Single() >= scheduledAt.AddMilliseconds(40));
    }

    [Fact]
    public async Task Work_that_throws_is_counted_and_the_loop_goes_on()
    {
        using var loop = new MediaLoop("throw-loop");
        loop.Start();
        loop.Post(_ => throw new InvalidOperationException("boom"), null);
        var after = new TaskCompletionSource();
        loop.Post(_ => after.SetResult(), null);
        await after.Task.WaitAsync(Timeout);
        Assert.Equal(1, loop.WorkFailures);
    }

    [Fact]
    public async Task Stop_runs_what_was_posted_before_it_and_ends_the_thread()
    {
        var loop = new MediaLoop("stop-loop");
        loop.Start();
        var ran = 0;
        for (var i = 0; i < 100; i++)
        {
            loop.Post(_ => Interlocked.Increment(ref ran), null);
        }
        await loop.StopAsync().WaitAsync(Timeout);
        Assert.Equal(100, ran);
        loop.Dispose();
    }

    [Fact]
    public async Task Resource_usage_is_read_on_the_loop_thread()
    {
        using var loop = new MediaLoop("ru-loop");
        loop.Start();
        var result = new TaskCompletionSource<ResourceUsage>();
        loop.Post(_ =>
        {
            // Burn a little CPU so user time is visible.
            var x = 0.0;
            for (var i = 0; i < 5_000_000; i++)
            {
                x += Math.Sqrt(i);
            }
            GC.KeepAlive(x);
            result.SetResult(ThreadResourceUsage.ReadCurrentThread());
        }, null);
        var usage = await result.Task.WaitAsync(Timeout);
        Assert.True(usage.UserTimeMs + usage.SystemTimeMs > 0);
        Assert.True(usage.MaxRss > 0);
    }
}
