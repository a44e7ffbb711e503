namespace Sfu.Interop.Tests.Harness;

/// <summary>
/// Tasks that complete when a condition over some live state becomes true, or fail on a timeout or when the
/// state's source ends (a process exited, a socket closed). The owner changes its state, then calls
/// <see cref="Signal"/>; checking a condition and registering a waiter happen under one lock, so no change is missed.
/// </summary>
internal sealed class Waiters
{
    private readonly Lock _gate = new();
    private readonly List<IWaiter> _pending = [];
    private Func<string>? _ended;

    private interface IWaiter
    {
        bool TryComplete();

        void Fail(Exception error);
    }

    /// <summary>
    /// Completes with the value <paramref name="condition"/> yields once it yields one. On timeout the task fails
    /// with a <see cref="TimeoutException"/> whose message is <paramref name="describeTimeout"/>'s; after
    /// <see cref="End"/> it fails with an <see cref="InvalidOperationException"/> explaining the end.
    /// </summary>
    public Task<T> WaitAsync<T>(TryGet<T> condition, TimeSpan timeout, Func<string> describeTimeout)
    {
        var waiter = new Waiter<T>(condition);
        lock (_gate)
        {
            if (waiter.TryComplete())
            {
                return waiter.Task;
            }

            if (_ended is not null)
            {
                return Task.FromException<T>(new InvalidOperationException(_ended()));
            }

            _pending.Add(waiter);
        }

        if (timeout != Timeout.InfiniteTimeSpan)
        {
            var timer = new CancellationTokenSource(timeout);
            timer.Token.Register(() =>
            {
                lock (_gate)
                {
                    if (!_pending.Remove(waiter))
                    {
                        return;
                    }
                }

                waiter.Fail(new TimeoutException(describeTimeout()));
            });
            waiter.Task.ContinueWith(_ => timer.Dispose(), TaskScheduler.Default);
        }

        return waiter.Task;
    }

    /// <summary>Re-evaluates every pending condition; call after each change of the watched state.</summary>
    public void Signal()
    {
        lock (_gate)
        {
            for (int i = _pending.Count - 1; i >= 0; i--)
            {
                if (_pending[i].TryComplete())
                {
                    _pending.RemoveAt(i);
                }
            }
        }
    }

    /// <summary>
    /// The state will not change any more: pending waiters whose condition is still false fail now (instead of at
    /// their timeout) with <paramref name="explain"/>'s message, and so do later waits that are not already satisfied.
    /// </summary>
    public void End(Func<string> explain)
    {
        List<IWaiter> failed = [];
        lock (_gate)
        {
            if (_ended is not null)
            {
                return;
            }

            _ended = explain;
            for (int i = _pending.Count - 1; i >= 0; i--)
            {
                if (!_pending[i].TryComplete())
                {
                    failed.Add(_pending[i]);
                }
            }

            _pending.Clear();
        }

        if (failed.Count > 0)
        {
            string message = explain();
            foreach (var waiter in failed)
            {
                waiter.Fail(new InvalidOperationException(message));
            }
        }
    }

    public delegate bool TryGet<T>(out T value);

    private sealed class Waiter<T>(TryGet<T> condition) : IWaiter
    {
        private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<T> Task => _completion.Task;

        public bool TryComplete()
        {
            if (!condition(out var value))
            {
                return false;
            }

            _completion.TrySetResult(value);
            return true;
        }

        public void Fail(Exception error) => _completion.TrySetException(error);
    }
}
