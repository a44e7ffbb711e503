using Sfu.Contracts.Wire;

namespace Sfu.Actors.Api;

/// <summary>
/// An app's session with a node's gateway: the routers it follows and where their notifications go. A session
/// outlives its connection: a client that reconnects with the same session id takes it back.
/// </summary>
public sealed class ApiSession
{
    private readonly Lock _gate = new();
    private Action<WireNotification>? _sink;

    internal ApiSession(string id) => Id = id;

    public string Id { get; }

    public bool IsAttached
    {
        get
        {
            lock (_gate)
            {
                return _sink is not null;
            }
        }
    }

    /// <summary>Sends notifications to <paramref name="sink"/> from now on (replacing an earlier connection's).</summary>
    public void Attach(Action<WireNotification> sink)
    {
        lock (_gate)
        {
            _sink = sink;
        }
    }

    /// <summary>Stops sending to <paramref name="sink"/>, if it is still the current one.</summary>
    public void Detach(Action<WireNotification> sink)
    {
        lock (_gate)
        {
            if (ReferenceEquals(_sink, sink))
            {
                _sink = null;
            }
        }
    }

    internal void Deliver(WireNotification notification)
    {
        Action<WireNotification>? sink;
        lock (_gate)
        {
            sink = _sink;
        }
        sink?.Invoke(notification);
    }
}
