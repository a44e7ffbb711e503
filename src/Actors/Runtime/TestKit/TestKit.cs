using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Sfu.Actors.Runtime.TestKit;

/// <summary>
/// A base for actor tests, shaped like Akka's TestKit: it owns an actor system (<see cref="Sys"/>) and a default
/// probe (<see cref="TestActor"/>) whose expectations it exposes directly. Timeouts default to 3 s and are all
/// multiplied by <c>SFU_TEST_TIMEFACTOR</c>. Disposing it terminates the system (and fails if that hangs).
/// Framework-neutral: failures are <see cref="TestKitAssertionException"/>s.
/// </summary>
public class TestKit : IDisposable, IAsyncDisposable
{
    private static int s_systemCounter;
    private int _disposed;

    public TestKit(string? systemName = null, ILoggerFactory? loggerFactory = null)
        : this(new ActorSystemOptions { LoggerFactory = loggerFactory }, systemName)
    {
    }

    public TestKit(ActorSystemOptions options, string? systemName = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var name = systemName ?? "test-" + Interlocked.Increment(ref s_systemCounter).ToString(CultureInfo.InvariantCulture);
        Sys = ActorSystem.Create(name, options);
        TestActor = new TestProbe(Sys, "testActor");
    }

    /// <summary>The system under test.</summary>
    public ActorSystem Sys { get; }

    /// <summary>The default probe; the TestKit's Expect* methods read its queue.</summary>
    public TestProbe TestActor { get; }

    /// <summary>The sender of the last message the <see cref="TestActor"/> took.</summary>
    public IActorRef LastSender => TestActor.LastSender;

    /// <summary>The time left in the innermost <see cref="Within(TimeSpan, Action)"/>, else the default timeout.</summary>
    public static TimeSpan RemainingOrDefault => TestKitSettings.RemainingOrDefault;

    /// <summary><paramref name="duration"/> times the time factor.</summary>
    public static TimeSpan Dilated(TimeSpan duration) => TestKitSettings.Dilated(duration);

    public TestProbe CreateTestProbe(string? name = null) => new(Sys, name);

    /// <inheritdoc cref="TestProbe.ExpectMsg{T}(TimeSpan?, Predicate{T}?)"/>
    public T ExpectMsg<T>(TimeSpan? timeout = null, Predicate<T>? predicate = null) => TestActor.ExpectMsg(timeout, predicate);

    /// <inheritdoc cref="TestProbe.ExpectMsg{T}(TimeSpan?, Predicate{T}?)"/>
    public T ExpectMsg<T>(Predicate<T> predicate, TimeSpan? timeout = null) => TestActor.ExpectMsg(predicate, timeout);

    /// <inheritdoc cref="TestProbe.ExpectMsg{T}(T, TimeSpan?)"/>
    public T ExpectMsg<T>(T expected, TimeSpan? timeout = null) => TestActor.ExpectMsg(expected, timeout);

    /// <inheritdoc cref="TestProbe.ExpectMsgAsync{T}(TimeSpan?, Predicate{T}?)"/>
    public Task<T> ExpectMsgAsync<T>(TimeSpan? timeout = null, Predicate<T>? predicate = null) => TestActor.ExpectMsgAsync(timeout, predicate);

    /// <inheritdoc cref="TestProbe.ExpectNoMsg(TimeSpan)"/>
    public void ExpectNoMsg(TimeSpan duration) => TestActor.ExpectNoMsg(duration);

    /// <inheritdoc cref="TestProbe.ExpectNoMsgAsync(TimeSpan)"/>
    public Task ExpectNoMsgAsync(TimeSpan duration) => TestActor.ExpectNoMsgAsync(duration);

    /// <inheritdoc cref="TestProbe.ExpectTerminated(IActorRef, TimeSpan?)"/>
    public Terminated ExpectTerminated(IActorRef target, TimeSpan? timeout = null) => TestActor.ExpectTerminated(target, timeout);

    /// <inheritdoc cref="TestProbe.ReceiveOne(TimeSpan?)"/>
    public object? ReceiveOne(TimeSpan? timeout = null) => TestActor.ReceiveOne(timeout);

    /// <inheritdoc cref="TestProbe.ReceiveN(int, TimeSpan?)"/>
    public IReadOnlyList<object> ReceiveN(int count, TimeSpan? timeout = null) => TestActor.ReceiveN(count, timeout);

    /// <inheritdoc cref="TestProbe.FishForMessage{T}(Predicate{T}, TimeSpan?)"/>
    public T FishForMessage<T>(Predicate<T> predicate, TimeSpan? timeout = null) => TestActor.FishForMessage(predicate, timeout);

    /// <summary>The <see cref="TestActor"/> watches <paramref name="subject"/>.</summary>
    public IActorRef Watch(IActorRef subject) => TestActor.Watch(subject);

    public IActorRef Unwatch(IActorRef subject) => TestActor.Unwatch(subject);

    /// <summary>
    /// Runs <paramref name="action"/>, which must finish within <paramref name="max"/> (dilated). Inside it, an
    /// expectation without its own timeout waits at most for the time left.
    /// </summary>
    public static void Within(TimeSpan max, Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        var limit = Dilated(max);
        var start = Stopwatch.GetTimestamp();
        using (TestKitSettings.PushDeadline(limit))
        {
            action();
        }
        CheckWithin(start, limit);
    }

    /// <inheritdoc cref="Within(TimeSpan, Action)"/>
    public static T Within<T>(TimeSpan max, Func<T> function)
    {
        ArgumentNullException.ThrowIfNull(function);
        var result = default(T)!;
        Within(max, () => { result = function(); });
        return result;
    }

    /// <inheritdoc cref="Within(TimeSpan, Action)"/>
    public static async Task WithinAsync(TimeSpan max, Func<Task> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        var limit = Dilated(max);
        var start = Stopwatch.GetTimestamp();
        using (TestKitSettings.PushDeadline(limit))
        {
            await action().ConfigureAwait(false);
        }
        CheckWithin(start, limit);
    }

    /// <summary>
    /// Runs <paramref name="assertion"/> until it stops throwing, every <paramref name="interval"/> (default 100 ms),
    /// for at most <paramref name="duration"/> (default: the time left, or 3 s); then its last exception propagates.
    /// </summary>
    public static void AwaitAssert(Action assertion, TimeSpan? duration = null, TimeSpan? interval = null)
    {
        ArgumentNullException.ThrowIfNull(assertion);
        var start = Stopwatch.GetTimestamp();
        var max = TestKitSettings.RemainingOrDilated(duration);
        var pause = interval ?? TimeSpan.FromMilliseconds(100);
        while (true)
        {
            try
            {
                assertion();
                return;
            }
            catch (Exception) when (Left(start, max) > TimeSpan.Zero)
            {
                Thread.Sleep(Min(pause, Left(start, max)));
            }
        }
    }

    /// <inheritdoc cref="AwaitAssert(Action, TimeSpan?, TimeSpan?)"/>
    public static async Task AwaitAssertAsync(Func<Task> assertion, TimeSpan? duration = null, TimeSpan? interval = null)
    {
        ArgumentNullException.ThrowIfNull(assertion);
        var start = Stopwatch.GetTimestamp();
        var max = TestKitSettings.RemainingOrDilated(duration);
        var pause = interval ?? TimeSpan.FromMilliseconds(100);
        while (true)
        {
            try
            {
                await assertion().ConfigureAwait(false);
                return;
            }
            catch (Exception) when (Left(start, max) > TimeSpan.Zero)
            {
                await Task.Delay(Min(pause, Left(start, max))).ConfigureAwait(false);
            }
        }
    }

    /// <inheritdoc cref="AwaitAssert(Action, TimeSpan?, TimeSpan?)"/>
    public static Task AwaitAssertAsync(Action assertion, TimeSpan? duration = null, TimeSpan? interval = null)
    {
        ArgumentNullException.ThrowIfNull(assertion);
        return AwaitAssertAsync(() => { assertion(); return Task.CompletedTask; }, duration, interval);
    }

    /// <summary>Waits until <paramref name="condition"/> is true, checking every <paramref name="interval"/> (default 100 ms).</summary>
    /// <exception cref="TestKitAssertionException">Still false after <paramref name="max"/> (default: the time left, or 3 s).</exception>
    public static void AwaitCondition(Func<bool> condition, TimeSpan? max = null, TimeSpan? interval = null, string? message = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var start = Stopwatch.GetTimestamp();
        var limit = TestKitSettings.RemainingOrDilated(max);
        var pause = interval ?? TimeSpan.FromMilliseconds(100);
        while (!condition())
        {
            var left = Left(start, limit);
            if (left <= TimeSpan.Zero)
            {
                throw new TestKitAssertionException($"Timeout ({limit}) while waiting for a condition{(message is null ? "" : ": " + message)}.");
            }
            Thread.Sleep(Min(pause, left));
        }
    }

    /// <inheritdoc cref="AwaitCondition(Func{bool}, TimeSpan?, TimeSpan?, string?)"/>
    public static async Task AwaitConditionAsync(Func<bool> condition, TimeSpan? max = null, TimeSpan? interval = null, string? message = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var start = Stopwatch.GetTimestamp();
        var limit = TestKitSettings.RemainingOrDilated(max);
        var pause = interval ?? TimeSpan.FromMilliseconds(100);
        while (!condition())
        {
            var left = Left(start, limit);
            if (left <= TimeSpan.Zero)
            {
                throw new TestKitAssertionException($"Timeout ({limit}) while waiting for a condition{(message is null ? "" : ": " + message)}.");
            }
            await Task.Delay(Min(pause, left)).ConfigureAwait(false);
        }
    }

    /// <summary>Terminates the system; fails if it does not stop within 10 s (dilated).</summary>
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        var limit = Dilated(TimeSpan.FromSeconds(10));
        try
        {
            await Sys.Terminate().WaitAsync(limit).ConfigureAwait(false);
        }
        catch (TimeoutException ex)
        {
            throw new TestKitAssertionException($"The actor system {Sys.Name} did not terminate within {limit}.", ex);
        }
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (!disposing || Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        var limit = Dilated(TimeSpan.FromSeconds(10));
        if (!Sys.Terminate().Wait(limit))
        {
            throw new TestKitAssertionException($"The actor system {Sys.Name} did not terminate within {limit}.");
        }
    }

    private static void CheckWithin(long start, TimeSpan limit)
    {
        var elapsed = Stopwatch.GetElapsedTime(start);
        if (elapsed > limit)
        {
            throw new TestKitAssertionException($"The block took {elapsed}, more than the {limit} allowed by Within.");
        }
    }

    private static TimeSpan Left(long start, TimeSpan max) =>
        max == Timeout.InfiniteTimeSpan ? TimeSpan.MaxValue : max - Stopwatch.GetElapsedTime(start);

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
