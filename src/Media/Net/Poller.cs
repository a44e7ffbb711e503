using System.Runtime.InteropServices;

namespace Sfu.Media.Net;

/// <summary>Something the media loop calls when its file descriptor is readable.</summary>
public interface IReadinessHandler
{
    /// <summary>Called on the loop thread. Read until the socket would block, or a batch limit.</summary>
    void OnReadable(Time.Instant now);
}

/// <summary>Something with queued output (a send batch) that the media loop flushes before it sleeps.</summary>
public interface IFlushable
{
    /// <summary>Called on the loop thread, once per <see cref="MediaLoop.RequestFlush"/>, at the end of the round.</summary>
    void Flush();
}

/// <summary>Waits for readiness or a wake-up. One per loop; only the loop thread calls <see cref="Wait"/>.</summary>
internal abstract class Poller : IDisposable
{
    /// <summary>Wakes a <see cref="Wait"/> in progress (or the next one). Any thread.</summary>
    public abstract void Wake();

    /// <summary>
    /// Blocks up to <paramref name="timeoutMs"/> (-1 = forever). Writes ready handlers, returns their count.
    /// With <paramref name="coalesceMicroseconds"/> &gt; 0 (and a non-zero timeout) a poller may first sleep that long
    /// without watching the sockets, so datagrams arriving meanwhile queue up for one batch instead of each waking
    /// the thread.
    /// </summary>
    public abstract int Wait(int timeoutMs, IReadinessHandler?[] ready, int coalesceMicroseconds);

    public abstract void Register(int fd, IReadinessHandler handler);

    public abstract void Unregister(int fd);

    public abstract string Kind { get; }

    public abstract void Dispose();

    public static Poller Create(bool preferEpoll) =>
        preferEpoll && LibC.IsSupported ? new EpollPoller() : new PortablePoller();
}

/// <summary>Linux epoll with an eventfd for wake-ups: the loop sleeps in one system call for sockets, posts and timers.</summary>
internal sealed unsafe class EpollPoller : Poller
{
    private const ulong WakeToken = ulong.MaxValue;
    private const int MaxEvents = 64;
    private readonly int _epfd;
    private readonly int _eventFd;
    private readonly Dictionary<int, IReadinessHandler> _handlers = new();
    private readonly byte[] _events;
    private readonly bool _packed = RuntimeInformation.ProcessArchitecture == Architecture.X64;
    private int _wakePending;

    public EpollPoller()
    {
        _epfd = LibC.epoll_create1(LibC.EPOLL_CLOEXEC);
        if (_epfd < 0)
        {
            throw new InvalidOperationException($"epoll_create1 failed: errno {Marshal.GetLastPInvokeError()}");
        }
        _eventFd = LibC.eventfd(0, LibC.EFD_CLOEXEC | LibC.EFD_NONBLOCK);
        if (_eventFd < 0)
        {
            throw new InvalidOperationException($"eventfd failed: errno {Marshal.GetLastPInvokeError()}");
        }
        Add(_eventFd, WakeToken);
        _events = GC.AllocateArray<byte>(MaxEvents * 16, pinned: true);
    }

    public override string Kind => "epoll";

    public override void Wake()
    {
        if (Interlocked.Exchange(ref _wakePending, 1) == 1)
        {
            return;
        }
        ulong one = 1;
        LibC.write(_eventFd, &one, sizeof(ulong));
    }

    public override void Register(int fd, IReadinessHandler handler)
    {
        _handlers[fd] = handler;
        Add(fd, (ulong)fd);
    }

    public override void Unregister(int fd)
    {
        if (_handlers.Remove(fd))
        {
            LibC.epoll_ctl(_epfd, LibC.EPOLL_CTL_DEL, fd, null);
        }
    }

    /// <summary>
    /// epoll_wait. Coalescing (under load) sleeps first with the sockets unwatched: while this thread is not inside
    /// epoll_wait, a datagram's arrival only marks the socket ready and wakes nobody, which spares the sender an
    /// inter-processor wake-up per datagram; then one non-blocking epoll_wait collects everything.
    /// </summary>
    public override int Wait(int timeoutMs, IReadinessHandler?[] ready, int coalesceMicroseconds)
    {
        int n;
        fixed (byte* events = _events)
        {
            var max = Math.Min(MaxEvents, ready.Length);
            if (coalesceMicroseconds > 0 && timeoutMs != 0)
            {
                LibC.usleep((uint)coalesceMicroseconds);
                n = LibC.epoll_wait(_epfd, events, max, 0);
                if (n == 0)
                {
                    n = LibC.epoll_wait(_epfd, events, max, timeoutMs);
                }
            }
            else
            {
                n = LibC.epoll_wait(_epfd, events, max, timeoutMs);
            }
            if (n < 0)
            {
                return 0; // EINTR: the loop simply goes round again.
            }
            var count = 0;
            for (var i = 0; i < n; i++)
            {
                var data = _packed
                    ? ((LibC.EpollEventPacked*)events)[i].Data
                    : ((LibC.EpollEventAligned*)events)[i].Data;
                if (data == WakeToken)
                {
                    ulong value;
                    LibC.read(_eventFd, &value, sizeof(ulong));
                    Volatile.Write(ref _wakePending, 0);
                    continue;
                }
                if (_handlers.TryGetValue((int)data, out var handler))
                {
                    ready[count++] = handler;
                }
            }
            return count;
        }
    }

    public override void Dispose()
    {
        LibC.close(_eventFd);
        LibC.close(_epfd);
    }

    private void Add(int fd, ulong token)
    {
        int rc;
        if (_packed)
        {
            var ev = new LibC.EpollEventPacked { Events = LibC.EPOLLIN, Data = token };
            rc = LibC.epoll_ctl(_epfd, LibC.EPOLL_CTL_ADD, fd, &ev);
        }
        else
        {
            var ev = new LibC.EpollEventAligned { Events = LibC.EPOLLIN, Data = token };
            rc = LibC.epoll_ctl(_epfd, LibC.EPOLL_CTL_ADD, fd, &ev);
        }
        if (rc < 0)
        {
            throw new InvalidOperationException($"epoll_ctl ADD failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }
}

/// <summary>
/// Portable fallback: wake-ups through an event. Sockets registered here are polled with a zero timeout each
/// round and the wait is capped at 1 ms while any are registered. When there are more sockets than a round takes,
/// the next round starts where this one stopped, so every socket gets its turn.
/// </summary>
internal sealed class PortablePoller : Poller
{
    private readonly AutoResetEvent _wake = new(false);
    private readonly List<(int Fd, IReadinessHandler Handler)> _handlers = new();
    private int _next;

    public override string Kind => "portable";

    public override void Wake() => _wake.Set();

    public override void Register(int fd, IReadinessHandler handler) => _handlers.Add((fd, handler));

    public override void Unregister(int fd) => _handlers.RemoveAll(h => h.Fd == fd);

    /// <summary>Coalescing is moot here: sockets are not watched while waiting anyway.</summary>
    public override int Wait(int timeoutMs, IReadinessHandler?[] ready, int coalesceMicroseconds)
    {
        if (_handlers.Count > 0 && (timeoutMs < 0 || timeoutMs > 1))
        {
            timeoutMs = 1;
        }
        _wake.WaitOne(timeoutMs);
        var total = _handlers.Count;
        var count = Math.Min(total, ready.Length);
        if (_next >= total)
        {
            _next = 0;
        }
        for (var i = 0; i < count; i++)
        {
            ready[i] = _handlers[(_next + i) % total].Handler;
        }
        _next = total == 0 ? 0 : (_next + count) % total;
        return count;
    }

    public override void Dispose() => _wake.Dispose();
}
