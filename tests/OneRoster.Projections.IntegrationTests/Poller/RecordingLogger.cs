using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace OneRoster.Projections.IntegrationTests.Poller;

/// <summary>One structured log line: its event id and named values.</summary>
internal sealed record LogLine(int EventId, string Message, IReadOnlyDictionary<string, object?> Values);

/// <summary>Keeps every log line so a test can see what the client decided (a retry and its delay, say).</summary>
internal sealed class RecordingLogger<T> : ILogger<T>
{
    private readonly ConcurrentQueue<LogLine> lines = new();

    public IReadOnlyList<LogLine> Lines => [.. lines];

    public IReadOnlyList<LogLine> Events(int eventId) => Lines.Where(l => l.EventId == eventId).ToList();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(
        LogLevel logLevel,
        EventId eventId,
        TState state,
        Exception? exception,
        Func<TState, Exception?, string> formatter
    )
    {
        var values = state is IReadOnlyList<KeyValuePair<string, object?>> pairs
            ? pairs.ToDictionary(p => p.Key, p => p.Value)
            : [];
        lines.Enqueue(new LogLine(eventId.Id, formatter(state, exception), values));
    }
}
