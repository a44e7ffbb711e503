using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Sfu.Actors.Runtime;

namespace Sfu.Actors.Tests.Runtime;

/// <summary>Replies with whatever it gets.</summary>
internal sealed class EchoActor : ReceiveActor
{
    public EchoActor() => ReceiveAny(m => Sender.Tell(m));
}

/// <summary>Takes everything, answers nothing.</summary>
internal sealed class BlackHoleActor : ReceiveActor
{
    public BlackHoleActor() => ReceiveAny(_ => { });
}

/// <summary>Asks the actor to block its thread until the gate opens (a test device to hold messages in the mailbox).</summary>
internal sealed record Block(ManualResetEventSlim Gate, IActorRef? NotifyStarted = null);

internal sealed record Fail(Exception Exception);

/// <summary>Makes a <see cref="ParentActor"/> itself throw.</summary>
internal sealed record FailParent(Exception Exception);

/// <summary>
/// A counter with a lifecycle report: "inc" adds one, "get" replies the count, <see cref="Fail"/> throws,
/// <see cref="Block"/> waits; lifecycle hooks are reported to the probe.
/// </summary>
internal sealed class CounterActor : ReceiveActor
{
    private int _count;

    public CounterActor(IActorRef reportTo)
    {
        ReportTo = reportTo;
        Receive<string>(_ => _count++, s => s == "inc");
        Receive<string>(_ => Sender.Tell(_count), s => s == "get");
        Receive<Fail>(f => throw f.Exception);
        Receive<Block>(b =>
        {
            b.NotifyStarted?.Tell("blocked");
            b.Gate.Wait();
        });
    }

    private IActorRef ReportTo { get; }

    protected override void PreStart() => ReportTo.Tell("PreStart");

    protected override void PostStop() => ReportTo.Tell("PostStop");

    protected override void PreRestart(Exception reason, object? message)
    {
        ReportTo.Tell(new PreRestarted(reason, message));
        base.PreRestart(reason, message);
    }

    protected override void PostRestart(Exception reason)
    {
        ReportTo.Tell(new PostRestarted(reason));
        base.PostRestart(reason);
    }
}

internal sealed record PreRestarted(Exception Reason, object? Message);

internal sealed record PostRestarted(Exception Reason);

/// <summary>A parent that creates one child from props on "create" and supervises it with the given strategy.</summary>
internal sealed class ParentActor : ReceiveActor
{
    private readonly SupervisorStrategy _strategy;

    public ParentActor(SupervisorStrategy strategy, Props childProps, string childName)
    {
        _strategy = strategy;
        var child = Context.ActorOf(childProps, childName);
        ReceiveAny(m =>
        {
            if (m is "child")
            {
                Sender.Tell(child);
            }
            else if (m is FailParent f)
            {
                throw f.Exception;
            }
            else
            {
                child.Forward(m);
            }
        });
    }

    protected override SupervisorStrategy SupervisorStrategy() => _strategy;
}

/// <summary>Log entries written through <see cref="CapturingLoggerFactory"/>.</summary>
internal sealed record LogEntry(string Category, LogLevel Level, string Message, Exception? Exception);

internal sealed class CapturingLoggerFactory : ILoggerFactory
{
    public ConcurrentQueue<LogEntry> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(this, categoryName);

    public void AddProvider(ILoggerProvider provider) { }

    public void Dispose() { }

    private sealed class CapturingLogger(CapturingLoggerFactory owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Entries.Enqueue(new LogEntry(category, logLevel, formatter(state, exception), exception));
    }
}
