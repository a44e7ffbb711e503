namespace Sfu.Actors.Runtime.TestKit;

/// <summary>A TestKit expectation failed (a test framework reports it as a failure like any exception).</summary>
public sealed class TestKitAssertionException : Exception
{
    public TestKitAssertionException(string message) : base(message) { }

    public TestKitAssertionException(string message, Exception inner) : base(message, inner) { }
}
