using System.Text.Json;
using Sfu.Contracts.Wire;

namespace Sfu.Contracts.Api;

/// <summary>
/// A request/notification channel to the SFU: a WebSocket to any node of a cluster, or an in-process connection to an
/// embedded node. The C# API objects (routers, transports, …) are built on top of it, so they behave the same either way.
/// </summary>
public interface ISfuConnection : IAsyncDisposable
{
    /// <summary>
    /// Sends a request and returns the response's <c>data</c> (<see cref="JsonValueKind.Undefined"/> when there is none).
    /// Fails with the <see cref="SfuException"/> kind named by the response's error; with
    /// <see cref="InvalidStateError"/> when the connection is closed.
    /// </summary>
    Task<JsonElement> RequestAsync(string method, JsonElement data, CancellationToken cancellationToken = default);

    /// <summary>Raised for every notification, on a thread of the connection's choosing, in arrival order.</summary>
    event EventHandler<WireNotification>? Notification;

    /// <summary>Raised when the connection goes down (false) and comes back (true).</summary>
    event EventHandler<bool>? ConnectionChanged;

    bool IsConnected { get; }
}
