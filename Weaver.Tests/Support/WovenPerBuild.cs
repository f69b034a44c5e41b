using System;
using System.Collections.Generic;

namespace AutoDiff.Weaver.Tests.Support
{
    /// <summary>
    /// One source woven and loaded once per build (Debug or Release IL), on first use, for a fixture
    /// whose many test cases read the same derivatives; the fixture disposes it when it is done.
    /// </summary>
    public sealed class WovenPerBuild : IDisposable
    {
        private readonly string _source;
        private readonly Dictionary<bool, WovenAssembly> _woven = new Dictionary<bool, WovenAssembly>();

        public WovenPerBuild(string source) => _source = source;

        public WovenAssembly For(bool optimize)
        {
            lock (_woven)
            {
                if (!_woven.TryGetValue(optimize, out var woven)) _woven[optimize] = woven = TestWeaver.WeaveAndLoad(_source, optimize);
                return woven;
            }
        }

        public void Dispose()
        {
            lock (_woven)
            {
                foreach (var woven in _woven.Values) woven.Dispose();
                _woven.Clear();
            }
        }
    }
}
