using System.Collections.Generic;
using AutoDiff.Weaver.Diagnostics;
using AutoDiff.Weaver.IR;
using Mono.Cecil.Cil;
using IlInstruction = Mono.Cecil.Cil.Instruction;

namespace AutoDiff.Weaver.Frontend
{
    // Braun et al.'s variable renaming. A "variable" is a key: IL arguments first, then IL locals,
    // then evaluation stack slots by depth (a slot is defined at the end of a block that leaves a
    // value in it, and read at the start of a block that begins with a non-empty stack).
    public sealed partial class SsaBuilder
    {
        private readonly int _argumentCount;
        private readonly int _localCount;
        private readonly Dictionary<Block, Dictionary<int, Value>> _currentDef = new Dictionary<Block, Dictionary<int, Value>>();
        private readonly Dictionary<Block, Dictionary<int, Phi>> _incompletePhis = new Dictionary<Block, Dictionary<int, Phi>>();
        private readonly HashSet<Block> _sealed = new HashSet<Block>();
        private readonly HashSet<Block> _filled = new HashSet<Block>();

        /// <summary>IR types of the locals read or written so far (checked on first use).</summary>
        private readonly Dictionary<int, IrType> _localTypes = new Dictionary<int, IrType>();

        private int LocalKey(int index) => _argumentCount + index;

        private int StackKey(int depth) => _argumentCount + _localCount + depth;

        private void WriteVariable(Block block, int key, Value value)
        {
            if (!_currentDef.TryGetValue(block, out var defs))
            {
                defs = new Dictionary<int, Value>();
                _currentDef[block] = defs;
            }
            defs[key] = value;
        }

        private Value ReadVariable(Block block, int key)
        {
            if (_currentDef.TryGetValue(block, out var defs) && defs.TryGetValue(key, out var value)) return value;
            return ReadVariableRecursive(block, key);
        }

        private Value ReadVariableRecursive(Block block, int key)
        {
            Value value;
            var preds = _predecessors[block];
            if (!_sealed.Contains(block))
            {
                var phi = _function.AddPhi(block, TypeOf(block, key));
                if (!_incompletePhis.TryGetValue(block, out var incomplete))
                {
                    incomplete = new Dictionary<int, Phi>();
                    _incompletePhis[block] = incomplete;
                }
                incomplete[key] = phi;
                value = phi;
            }
            else if (preds.Count == 0)
            {
                value = InitialValue(key);
            }
            else if (preds.Count == 1)
            {
                value = ReadVariable(preds[0], key);
            }
            else
            {
                var phi = _function.AddPhi(block, TypeOf(block, key));
                WriteVariable(block, key, phi);
                AddPhiOperands(phi, key);
                value = phi;
            }
            WriteVariable(block, key, value);
            return value;
        }

        private void AddPhiOperands(Phi phi, int key)
        {
            foreach (var pred in _predecessors[phi.Block])
            {
                phi.Incoming.Add(new PhiIncoming(pred, ReadVariable(pred, key)));
            }
        }

        /// <summary>Seals <paramref name="block"/> once every predecessor is filled, completing its pending phis.</summary>
        private void TrySeal(Block block)
        {
            if (_sealed.Contains(block)) return;
            foreach (var p in _predecessors[block])
            {
                if (!_filled.Contains(p)) return;
            }
            _sealed.Add(block);
            if (_incompletePhis.TryGetValue(block, out var incomplete))
            {
                foreach (var entry in incomplete) AddPhiOperands(entry.Value, entry.Key);
                _incompletePhis.Remove(block);
            }
        }

        /// <summary>The value a variable has when the method starts: the argument, or zero for a local (InitLocals).</summary>
        private Value InitialValue(int key)
        {
            if (IsFieldKey(key)) return InitialFieldValue(key);
            if (key < _argumentCount) return _function.Parameters[key];
            if (key < _argumentCount + _localCount)
            {
                var type = _localTypes[key - _argumentCount];
                return type.Kind == IrTypeKind.Object || type.Kind == IrTypeKind.ByRef ? _function.Null(type) : _function.Const(type, 0);
            }
            throw new System.InvalidOperationException("the evaluation stack is read at the method's entry");
        }

        private IrType TypeOf(Block block, int key)
        {
            if (IsFieldKey(key)) return _fieldKeyOwners[key].Type;
            if (key < _argumentCount) return _function.Parameters[key].Type;
            if (key < _argumentCount + _localCount) return _localTypes[key - _argumentCount];
            return _entryStack[block][key - _argumentCount - _localCount];
        }

        /// <summary>The IR type of local <paramref name="local"/>, reported as AD2005 at <paramref name="use"/> when the IR cannot hold it.</summary>
        private IrType LocalType(VariableDefinition local, IlInstruction use)
        {
            if (_localTypes.TryGetValue(local.Index, out var known)) return known;
            var type = IrType.FromClr(local.VariableType);
            if (type == null || type.IsVoid)
            {
                throw new DiagnosticException(DiagnosticCatalog.UnsupportedType,
                    $"{CSharpNames.Local(_method, local)} of type {CSharpNames.Type(local.VariableType)}", use);
            }
            _localTypes[local.Index] = type;
            return type;
        }

    }
}
