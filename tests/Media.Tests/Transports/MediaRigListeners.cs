using Microsoft.Extensions.Logging;
using Sfu.Contracts.Events;
using Sfu.Contracts.Rtp;
using Sfu.Contracts.Transports;
using Sfu.Media.Routing;
using Sfu.Media.Transports;

namespace Sfu.Media.Tests.Transports;

/// <summary>
/// What the transport test rigs hand to the media objects they create: every listener (router, transport, producer,
/// consumer) with nothing to do, and the loop's logger, which keeps what is logged at <see cref="LogLevel.Error"/> and
/// above in <see cref="Errors"/> (the loop logs what its work items throw). A rig overrides only the events it watches,
/// so a listener interface that gains a method changes this class alone.
/// </summary>
internal abstract class MediaRigListeners
    : IRouterListener, ITransportListener, IProducerListener, IConsumerListener, ILogger, ILoggerFactory
{
    /// <summary>The messages (and exceptions) logged at Error and above; lock it to read while the loop runs.</summary>
    public List<string> Errors { get; } = [];

    // ---- router ----

    public virtual void OnRouterClosed(Router router, string reason)
    {
    }

    // ---- transport ----

    public virtual void OnTransportClosed(Transport transport, string reason)
    {
    }

    public virtual void OnTransportTuple(Transport transport)
    {
    }

    public virtual void OnTransportRtcpTuple(Transport transport)
    {
    }

    public virtual void OnTransportTrace(Transport transport, TraceEvent trace)
    {
    }

    public virtual void OnTransportSctpStateChange(Transport transport, SctpState sctpState)
    {
    }

    // ---- producer ----

    public virtual void OnProducerClosed(Producer producer, string reason)
    {
    }

    public virtual void OnProducerScore(Producer producer)
    {
    }

    public virtual void OnProducerVideoOrientationChange(Producer producer, ProducerVideoOrientation videoOrientation)
    {
    }

    public virtual void OnProducerPauseChange(Producer producer, bool paused)
    {
    }

    public virtual void OnProducerTrace(Producer producer, TraceEvent trace)
    {
    }

    // ---- consumer ----

    public virtual void OnConsumerClosed(Consumer consumer, string reason)
    {
    }

    public virtual void OnConsumerPaused(Consumer consumer)
    {
    }

    public virtual void OnConsumerResumed(Consumer consumer)
    {
    }

    public virtual void OnConsumerProducerPaused(Consumer consumer)
    {
    }

    public virtual void OnConsumerProducerResumed(Consumer consumer)
    {
    }

    public virtual void OnConsumerScore(Consumer consumer)
    {
    }

    public virtual void OnConsumerTrace(Consumer consumer, TraceEvent trace)
    {
    }

    // ---- logging: errors are kept ----

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (logLevel >= LogLevel.Error)
        {
            lock (Errors)
            {
                Errors.Add($"{formatter(state, exception)} {exception}");
            }
        }
    }

    public ILogger CreateLogger(string categoryName) => this;

    public void AddProvider(ILoggerProvider provider)
    {
    }

    void IDisposable.Dispose()
    {
    }
}
