using PassthroughWeb.Core.Changes;
using PassthroughWeb.Core.Tests.Changes;
using PassthroughWeb.Data;

namespace PassthroughWeb.Tests.Data;

/// <summary>The journal contract on a real SQLite database in a temporary data directory, reopened through new connections.</summary>
public sealed class EfChangeJournalTests : ChangeJournalTests, IDisposable
{
    private readonly TemporaryDataDirectory _data = new();
    private readonly List<EfChangeJournal> _journals = [];

    protected override IChangeJournal CreateJournal()
    {
        using (var db = PassthroughDatabase.OpenAsync(_data.Path, CancellationToken.None).GetAwaiter().GetResult())
        {
        }
        return Open();
    }

    protected override IChangeJournal Reopen(IChangeJournal journal) => Open();

    private EfChangeJournal Open()
    {
        var journal = new EfChangeJournal(new DataDirectoryContextFactory(_data.Path));
        _journals.Add(journal);
        return journal;
    }

    public void Dispose()
    {
        foreach (var journal in _journals) journal.Dispose();
        _data.Dispose();
    }
}
