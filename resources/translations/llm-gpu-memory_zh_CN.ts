<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
    <context>
        <name>BoundedFileReader</name>
        <message>
            <location filename="../../core/bounded_file_reader.cpp" line="+31" />
            <location line="+7" />
            <source>it cannot be read (%1)</source>
            <translation>无法读取（%1）</translation>
        </message>
        <message>
            <location line="-3" />
            <source>it has nothing to read now (it would block)</source>
            <translation>现在没有可读的内容（读取会阻塞）</translation>
        </message>
        <message>
            <location line="+8" />
            <source>it is larger than %1 bytes, too large for an input file</source>
            <translation>它超过 %1 字节，作为输入文件太大</translation>
        </message>
        <message>
            <location line="+5" />
            <source>it is a folder, not a regular file</source>
            <translation>它是文件夹，不是普通文件</translation>
        </message>
        <message>
            <location line="+3" />
            <source>it is a pipe (FIFO), not a regular file</source>
            <translation>它是管道（FIFO），不是普通文件</translation>
        </message>
        <message>
            <location line="+3" />
            <source>it is a socket, not a regular file</source>
            <translation>它是套接字，不是普通文件</translation>
        </message>
        <message>
            <location line="+2" />
            <source>it is a device, not a regular file</source>
            <translation>它是设备，不是普通文件</translation>
        </message>
        <message>
            <location line="+29" />
            <source>it does not exist</source>
            <translation>它不存在</translation>
        </message>
        <message>
            <location line="+13" />
            <source>no file name given</source>
            <translation>没有给出文件名</translation>
        </message>
    </context>
    <context>
        <name>CommandLine</name>
        <message>
            <location filename="../../app/config_sources.cpp" line="+1" />
            <source>--hf-config "%1": %2</source>
            <translation>--hf-config “%1”：%2</translation>
        </message>
        <message>
            <location filename="../../app/config_sources.cpp" line="+1" />
            <source>Start from the model of a Hugging Face config.json (%1); s, b and precision stay training choices</source>
            <translation>从 Hugging Face config.json 描述的模型开始（%1）；s、b 和精度仍是训练选择</translation>
        </message>
        <message>
            <location filename="../../app/config_sources.cpp" line="+1" />
            <source>--preset and --hf-config both describe the model; give only one</source>
            <translation>--preset 和 --hf-config 都描述模型；只能给出其中一个</translation>
        </message>
        <message>
            <location filename="../../app/config_sources.cpp" line="+1" />
            <source>warning: --seq %1 is above the model&apos;s max_position_embeddings (%2)</source>
            <translation>警告：--seq %1 超过模型的 max_position_embeddings（%2）</translation>
        </message>
        <message>
            <location filename="../../app/config_sources.cpp" line="+1" />
            <source>--hf-config needs a value: a Hugging Face config.json file</source>
            <translation>--hf-config 需要一个值：Hugging Face config.json 文件</translation>
        </message>
        <message>
            <location filename="../../app/command_line.cpp" line="+70" />
            <source>a whole number from %1 to %2</source>
            <translation>%1 到 %2 之间的整数</translation>
        </message>
        <message>
            <location line="+6" />
            <source>Vocabulary size v</source>
            <translation>词表大小 v</translation>
        </message>
        <message>
            <location line="+2" />
            <source>Embedding dimension d</source>
            <translation>嵌入维度 d</translation>
        </message>
        <message>
            <location line="+2" />
            <source>Transformer layers L</source>
            <translation>Transformer 层数 L</translation>
        </message>
        <message>
            <location line="+2" />
            <source>Attention heads h</source>
            <translation>注意力头数 h</translation>
        </message>
        <message>
            <location line="+2" />
            <source>Feed-forward dimension f</source>
            <translation>前馈网络隐藏层维度 f</translation>
        </message>
        <message>
            <location line="+2" />
            <source>Context length s</source>
            <translation>上下文长度 s</translation>
        </message>
        <message>
            <location line="+2" />
            <source>Micro-batch size b, sequences per GPU</source>
            <translation>微批次大小 b，即每个 GPU 上的序列数</translation>
        </message>
        <message>
            <location line="+2" />
            <source>Rows P of the learned position table, 0 = none</source>
            <translation>可学习位置编码表的行数 P，0 表示没有该表</translation>
        </message>
        <message>
            <location line="+2" />
            <source>Number of GPUs N</source>
            <translation>GPU 数量 N</translation>
        </message>
        <message>
            <location line="+2" />
            <source>GPUs per node G, the shard group of fsdp-hybrid</source>
            <translation>每个节点的 GPU 数 G，即 fsdp-hybrid 的分片组</translation>
        </message>
        <message>
            <location line="+8" />
            <source>4 × d-model</source>
            <translation>4 × d-model</translation>
        </message>
        <message>
            <location line="+2" />
            <source>= --seq</source>
            <translation>= --seq</translation>
        </message>
        <message>
            <location line="+8" />
            <source>%1 needs a value: %2</source>
            <translation>%1 需要一个值：%2</translation>
        </message>
        <message>
            <location line="+2" />
            <source>%1 must be %2, not "%3"</source>
            <translation>%1 必须是%2，而不是“%3”</translation>
        </message>
        <message>
            <location line="+25" />
            <location line="+59" />
            <location line="+147" />
            <source>one of %1</source>
            <translation>以下之一：%1</translation>
        </message>
        <message>
            <location line="-128" />
            <source>Usage: llm-gpu-memory estimate [options]</source>
            <translation>用法：llm-gpu-memory estimate [选项]</translation>
        </message>
        <message>
            <location line="+17" />
            <source>Output format: %1 (default text)</source>
            <translation>输出格式：%1（默认 text）</translation>
        </message>
        <message>
            <location line="+4" />
            <source>Also write the inputs to a scenario file (JSON, replaced atomically)</source>
            <translation>同时把输入写入场景文件（JSON，原子替换）</translation>
        </message>
        <message>
            <location line="+2" />
            <source>Show this help and exit</source>
            <translation>显示本帮助并退出</translation>
        </message>
        <message>
            <location line="+1" />
            <source>Show the version and exit</source>
            <translation>显示版本并退出</translation>
        </message>
        <message>
            <location line="+12" />
            <source>%1; %2 (default %3)</source>
            <translation>%1；%2（默认 %3）</translation>
        </message>
        <message>
            <location line="+5" />
            <source>Numeric format: %1 (default fp32)</source>
            <translation>数值格式：%1（默认 fp32）</translation>
        </message>
        <message>
            <location line="+3" />
            <source>Keep gradients in fp32 under mixed precision (4 bytes, not 2)</source>
            <translation>混合精度下梯度保持 fp32（4 字节而非 2 字节）</translation>
        </message>
        <message>
            <location line="+1" />
            <source>Parameter count: %1 (default exact)</source>
            <translation>参数量计算方式：%1（默认 exact）</translation>
        </message>
        <message>
            <location line="+4" />
            <source>Distribution over GPUs: %1 (default ddp)</source>
            <translation>多 GPU 分布式策略：%1（默认 ddp）</translation>
        </message>
        <message>
            <location line="+2" />
            <source>Count PyTorch DDP&apos;s gradient-bucket copy (off: gradient_as_bucket_view=True)</source>
            <translation>计入 PyTorch DDP 的梯度桶副本（关闭时相当于 gradient_as_bucket_view=True）</translation>
        </message>
        <message>
            <location line="+32" />
            <source>%1 must be %2</source>
            <translation>%1 必须是%2</translation>
        </message>
        <message>
            <location line="+2" />
            <source>--strategy fsdp-hybrid needs --gpus to be a multiple of --gpus-per-node (%1 to %2, default %3) and at least as large</source>
            <translation>--strategy fsdp-hybrid 要求 --gpus 是 --gpus-per-node（%1 到 %2，默认 %3）的倍数，且不小于它</translation>
        </message>
        <message>
            <location line="+16" />
            <source>unknown option %1; run "llm-gpu-memory %2 --help" for the valid options</source>
            <translation>未知选项 %1；运行“llm-gpu-memory %2 --help”查看有效选项</translation>
        </message>
        <message>
            <location line="+5" />
            <source>%1 is a switch and takes no value</source>
            <translation>%1 是开关选项，不接受取值</translation>
        </message>
        <message>
            <location line="+7" />
            <location line="+60" />
            <source>--save-scenario needs a value: the scenario file to write (.json)</source>
            <translation>--save-scenario 需要一个值：要写入的场景文件（.json）</translation>
        </message>
        <message>
            <location line="-35" />
            <source>Prints how much GPU memory training a GPT-style model takes.</source>
            <translation>输出训练 GPT 类模型所需的显存。</translation>
        </message>
        <message>
            <location line="+18" />
            <source>unexpected argument "%1"; run "llm-gpu-memory estimate --help" for the valid options</source>
            <translation>多余的参数“%1”；运行“llm-gpu-memory estimate --help”查看有效选项</translation>
        </message>
        <message>
            <location filename="../../app/config_sources.cpp" line="+28" />
            <source>--lang must be one of %1, not "%2"</source>
            <translation>--lang 必须是 %1 之一，而不是“%2”</translation>
        </message>
        <message>
            <location line="+15" />
            <source>Start from a published model&apos;s shape (v, d, L, h, f, s, P); "llm-gpu-memory presets" lists them</source>
            <translation>以某个已发表模型的结构（v、d、L、h、f、s、P）为起点；“llm-gpu-memory presets”列出全部预设</translation>
        </message>
        <message>
            <location line="+4" />
            <source>Start from the inputs of a scenario file; --preset and explicit options override them</source>
            <translation>以场景文件中的输入为起点；--preset 和显式给出的选项会覆盖它们</translation>
        </message>
        <message>
            <location line="+5" />
            <source>Language of the output: %1 (default: the system&apos;s)</source>
            <translation>输出语言：%1（默认跟随系统）</translation>
        </message>
        <message>
            <location line="+21" />
            <source>--preset must be one of %1 (see "llm-gpu-memory presets"), not "%2"</source>
            <translation>--preset 必须是 %1 之一（见“llm-gpu-memory presets”），而不是“%2”</translation>
        </message>
        <message>
            <location line="+17" />
            <source>--preset needs a value: one of %1</source>
            <translation>--preset 需要一个值：%1 之一</translation>
        </message>
        <message>
            <location line="+3" />
            <source>--scenario needs a value: a scenario file (.json)</source>
            <translation>--scenario 需要一个值：场景文件（.json）</translation>
        </message>
        <message>
            <location line="+3" />
            <source>--lang needs a value: one of %1</source>
            <translation>--lang 需要一个值：%1 之一</translation>
        </message>
        <message>
            <location line="-303" />
            <source>true or false</source>
            <translation>true 或 false</translation>
        </message>
        <message>
            <location line="+12" />
            <source>= --seq, 0 with rotary positions</source>
            <translation>= --seq，旋转位置编码时为 0</translation>
        </message>
        <message>
            <location line="+2" />
            <source>= --heads</source>
            <translation>= --heads</translation>
        </message>
        <message>
            <location line="+2" />
            <source>d-model / heads</source>
            <translation>d-model / heads</translation>
        </message>
        <message>
            <location line="+2" />
            <source>= --ffn</source>
            <translation>= --ffn</translation>
        </message>
        <message>
            <location line="+2" />
            <source>= --expert-ffn</source>
            <translation>= --expert-ffn</translation>
        </message>
        <message>
            <location line="+41" />
            <source>%1: %2; --%3, --no-%3 or --%3=true|false (default %4)</source>
            <translation>%1：%2；--%3、--no-%3 或 --%3=true|false（默认 %4）</translation>
        </message>
        <message>
            <source>a probability P with 0 ≤ P &lt; 1, at most 3 decimals</source>
            <translation>概率 P，0 ≤ P &lt; 1，最多 3 位小数</translation>
        </message>
        <message>
            <source>a comma-separated list of %1</source>
            <translation>由 %1 组成的逗号分隔列表</translation>
        </message>
        <message>
            <source>a comma-separated list of %1, or %2</source>
            <translation>由 %1 组成的逗号分隔列表，或 %2</translation>
        </message>
        <message>
            <source>Read the ZeRO stage and offload, bf16/fp16, the batch sizes, the optimizer and activation checkpointing from a DeepSpeed config JSON; "auto" keeps the value; explicit options override it</source>
            <translation>从 DeepSpeed 配置 JSON 读取 ZeRO 阶段与卸载、bf16/fp16、批量大小、优化器和激活检查点；"auto" 保留当前值；显式选项优先</translation>
        </message>
        <message>
            <source>Cannot use the DeepSpeed config %1: %2</source>
            <translation>无法使用 DeepSpeed 配置 %1：%2</translation>
        </message>
        <message>
            <source>DeepSpeed config %1: ignored %2</source>
            <translation>DeepSpeed 配置 %1：已忽略 %2</translation>
        </message>
        <message>
            <source>--deepspeed-config needs a value: a DeepSpeed config file (.json)</source>
            <translation>--deepspeed-config 需要一个值：DeepSpeed 配置文件（.json）</translation>
        </message>
    </context>
    <context>
        <name>CoreCommands</name>
        <message>
            <location filename="../../app/core_commands.cpp" line="+61" />
            <source>Usage: llm-gpu-memory [command] [options]

How much GPU memory training a GPT-style model takes, and why.

Commands:
  (none)         start the desktop app
  estimate       print the memory estimate as text, JSON or CSV
  fit            solve what fits on a GPU: largest b and s, fewest GPUs,
                 the set-ups that fit
  presets        list the built-in models and their shapes
  export-chart   write a chart to PNG, SVG or PDF without a window
  help           show this help (also --help, -h)

Options:
  -h, --help     show this help
  -v, --version  show the version
  --lang LANG    language of the output and the app: en, zh_CN

Run "llm-gpu-memory estimate --help", "llm-gpu-memory fit --help" or "llm-gpu-memory export-chart --help" for the options of a command.
</source>
            <translation>用法：llm-gpu-memory [命令] [选项]

训练 GPT 类模型需要多少显存，以及原因。

命令：
  （无）         启动桌面应用
  estimate       以文本、JSON 或 CSV 输出显存估算
  fit            求解一块 GPU 上能放下什么：最大的 b 和 s、最少的 GPU 数、
                 能放下的方案
  presets        列出内置模型及其结构
  export-chart   不开窗口，把图表写成 PNG、SVG 或 PDF
  help           显示本帮助（也可用 --help、-h）

选项：
  -h, --help     显示本帮助
  -v, --version  显示版本
  --lang LANG    输出和应用的语言：en、zh_CN

运行“llm-gpu-memory estimate --help”、“llm-gpu-memory fit --help”或“llm-gpu-memory export-chart --help”查看各命令的选项。
</translation>
        </message>
    </context>
    <context>
        <name>Derivation</name>
        <message>
            <source>Trainable parameters: all of them</source>
            <translation>可训练参数：全部参数</translation>
        </message>
        <message>
            <source>Trainable parameters: the adapters, r·(d_in + d_out) per adapted matrix</source>
            <translation>可训练参数：适配器，每个被适配矩阵 r·(d_in + d_out)</translation>
        </message>
        <message>
            <source>Frozen base in NF4: 4-bit blocks of 64 with their absmax constants; embeddings, norms and the LM head stay 16-bit</source>
            <translation>NF4 冻结基座：每 64 个元素一块的 4 位数据及其 absmax 常数；嵌入、归一化层和 LM 头保持 16 位</translation>
        </message>
        <message>
            <source>Frozen base, 16-bit: no gradients, no optimizer states</source>
            <translation>冻结基座，16 位：没有梯度，也没有优化器状态</translation>
        </message>
        <message>
            <source>Trainable weights</source>
            <translation>可训练权重</translation>
        </message>
        <message>
            <source>Gradients of the trainable parameters</source>
            <translation>可训练参数的梯度</translation>
        </message>
        <message>
            <source>Optimizer: fp32 master copy and %1 states</source>
            <translation>优化器：fp32 主权重副本和 %1 状态</translation>
        </message>
        <message>
            <source>Optimizer: %1 states</source>
            <translation>优化器：%1 状态</translation>
        </message>
        <message>
            <source>Gradients and optimizer states exist only for the %1 trainable parameters (%2% of %3); the frozen base keeps its weights only.</source>
            <translation>只有 %1 个可训练参数（%3 个中的 %2%）有梯度和优化器状态；冻结基座只保存其权重。</translation>
        </message>
        <message>
            <source>Every parameter is trained; the optimizer is %1.</source>
            <translation>所有参数都参与训练；优化器为 %1。</translation>
        </message>
        <message>
            <source>Feed-forward of an MoE layer: the routed experts a token passes through and the shared experts</source>
            <translation>MoE 层的前馈网络：token 经过的路由专家与共享专家</translation>
        </message>
        <message>
            <source>Feed-forward of the first dense layers</source>
            <translation>前几个稠密层的前馈网络</translation>
        </message>
        <message>
            <source>One MoE layer, %1 bytes per element</source>
            <translation>单个 MoE 层，每个元素 %1 字节</translation>
        </message>
        <message>
            <source>One dense layer, %1 bytes per element</source>
            <translation>单个稠密层，每个元素 %1 字节</translation>
        </message>
        <message>
            <location filename="../../core/derivation.cpp" line="+29" />
            <source>%1 parameters</source>
            <translation>%1 个参数</translation>
        </message>
        <message>
            <location line="+4" />
            <source>%1 elements</source>
            <translation>%1 个元素</translation>
        </message>
        <message>
            <location line="+6" />
            <source>1. Parameters Ψ</source>
            <translation>1. 参数量 Ψ</translation>
        </message>
        <message>
            <location line="+3" />
            <source>Approximation: attention 4d², feed-forward 2df per layer</source>
            <translation>近似：每层注意力 4d²，前馈网络 2df</translation>
        </message>
        <message>
            <location line="+17" />
            <source>Token and position embeddings</source>
            <translation>词元嵌入与位置嵌入</translation>
        </message>
        <message>
            <location line="+5" />
            <source>Biases: 4d in attention, f + d in the feed-forward</source>
            <translation>偏置：注意力 4d，前馈网络 f + d</translation>
        </message>
        <message>
            <location line="+6" />
            <source>LayerNorms: two per layer and a final one</source>
            <translation>LayerNorm：每层两个，末尾再加一个</translation>
        </message>
        <message>
            <location line="+3" />
            <source>Exact count</source>
            <translation>精确参数量</translation>
        </message>
        <message>
            <location line="+7" />
            <source>12Ld² leaves out the embeddings, the biases and the LayerNorms: %1 parameters, %2% of the exact count.</source>
            <translation>12Ld² 忽略了嵌入、偏置和 LayerNorm：共 %1 个参数，占精确参数量的 %2%。</translation>
        </message>
        <message>
            <location line="+8" />
            <source>The steps below use the exact count.</source>
            <translation>以下各步使用精确参数量。</translation>
        </message>
        <message>
            <location line="+1" />
            <source>The steps below use the approximation.</source>
            <translation>以下各步使用近似参数量。</translation>
        </message>
        <message>
            <location line="+9" />
            <source>2. Model states</source>
            <translation>2. 模型状态</translation>
        </message>
        <message>
            <location line="+6" />
            <source>Parameters, 16-bit</source>
            <translation>参数，16 位</translation>
        </message>
        <message>
            <location line="+1" />
            <source>Parameters, fp32</source>
            <translation>参数，fp32</translation>
        </message>
        <message>
            <location line="+2" />
            <source>Gradients, fp32</source>
            <translation>梯度，fp32</translation>
        </message>
        <message>
            <location line="+1" />
            <source>Gradients, 16-bit</source>
            <translation>梯度，16 位</translation>
        </message>
        <message>
            <location line="+2" />
            <source>Adam: fp32 master copy, momentum and variance</source>
            <translation>Adam：fp32 主权重副本、动量和方差</translation>
        </message>
        <message>
            <location line="+2" />
            <source>Adam: momentum and variance</source>
            <translation>Adam：动量和方差</translation>
        </message>
        <message>
            <location line="+2" />
            <source>Model states</source>
            <translation>模型状态</translation>
        </message>
        <message>
            <location line="+10" />
            <source>Mixed precision does not shrink the model states: Adam keeps its fp32 copy, momentum and variance.</source>
            <translation>混合精度并不减少模型状态：Adam 仍要保存 fp32 主权重副本、动量和方差。</translation>
        </message>
        <message>
            <location line="+3" />
            <source>The seed&apos;s fp32 baseline: 4 bytes each for parameters, gradients, momentum and variance.</source>
            <translation>讲义中的 fp32 基准：参数、梯度、动量和方差各占 4 字节。</translation>
        </message>
        <message>
            <location line="+10" />
            <source>3. Activations</source>
            <translation>3. 激活值</translation>
        </message>
        <message>
            <location line="+1" />
            <source>Attention, linear part: Q, K, V, output, LayerNorm</source>
            <translation>注意力线性部分：Q、K、V、输出和 LayerNorm</translation>
        </message>
        <message>
            <location line="+5" />
            <source>Attention, quadratic part: QKᵀ and softmax</source>
            <translation>注意力二次部分：QKᵀ 和 softmax</translation>
        </message>
        <message>
            <location line="+4" />
            <source>Feed-forward</source>
            <translation>前馈网络</translation>
        </message>
        <message>
            <location line="+6" />
            <source>One layer, %1 bytes per element</source>
            <translation>单层，每个元素 %1 字节</translation>
        </message>
        <message>
            <location line="+10" />
            <source>All L layers</source>
            <translation>全部 L 层</translation>
        </message>
        <message>
            <location line="+2" />
            <source>Activations grow linearly with b and L, and with s² through the attention scores; mixed precision stores them in 2 bytes instead of 4.</source>
            <translation>激活值随 b 和 L 线性增长，并通过注意力分数随 s² 增长；混合精度用 2 字节而非 4 字节存储它们。</translation>
        </message>
        <message>
            <location line="+10" />
            <source>4. Activations against model states</source>
            <translation>4. 激活值与模型状态之比</translation>
        </message>
        <message>
            <location line="+1" />
            <source>Linear term</source>
            <translation>线性项</translation>
        </message>
        <message>
            <location line="+3" />
            <source>Quadratic term</source>
            <translation>二次项</translation>
        </message>
        <message>
            <location line="+5" />
            <source>The seed&apos;s ratio (fp32, 12Ld², f = 4d)</source>
            <translation>讲义中的比值（fp32，12Ld²，f = 4d）</translation>
        </message>
        <message>
            <location line="+5" />
            <source>The ratio under the current settings</source>
            <translation>当前设置下的比值</translation>
        </message>
        <message>
            <location line="+5" />
            <source>Crossover: the s at which the seed&apos;s ratio is 1</source>
            <translation>交叉点：讲义比值等于 1 时的 s</translation>
        </message>
        <message>
            <location line="+5" />
            <source>The b at which the seed&apos;s ratio is 1</source>
            <translation>讲义比值等于 1 时的 b</translation>
        </message>
        <message>
            <location line="+4" />
            <source>Where the quadratic term overtakes the linear one</source>
            <translation>二次项超过线性项之处</translation>
        </message>
        <message>
            <location line="+6" />
            <source>the quadratic term hs²/24d² (attention scores) dominates</source>
            <translation>二次项 hs²/24d²（注意力分数）占主导</translation>
        </message>
        <message>
            <location line="+2" />
            <source>the linear term s/3d dominates</source>
            <translation>线性项 s/3d 占主导</translation>
        </message>
        <message>
            <location line="+3" />
            <source>activations outweigh the model states</source>
            <translation>激活值超过模型状态</translation>
        </message>
        <message>
            <location line="+1" />
            <source>the model states outweigh the activations</source>
            <translation>模型状态超过激活值</translation>
        </message>
        <message>
            <location line="+3" />
            <source>Now s = %1 against 8d/h = %2: %3; and %4.</source>
            <translation>当前 s = %1，8d/h = %2：%3；并且%4。</translation>
        </message>
        <message>
            <location line="+8" />
            <source>DDP</source>
            <translation>DDP</translation>
        </message>
        <message>
            <location line="+2" />
            <source>ZeRO-1</source>
            <translation>ZeRO-1</translation>
        </message>
        <message>
            <location line="+2" />
            <source>ZeRO-2</source>
            <translation>ZeRO-2</translation>
        </message>
        <message>
            <location line="+2" />
            <source>ZeRO-3</source>
            <translation>ZeRO-3</translation>
        </message>
        <message>
            <location line="+2" />
            <source>FSDP FULL_SHARD</source>
            <translation>FSDP FULL_SHARD</translation>
        </message>
        <message>
            <location line="+2" />
            <source>FSDP SHARD_GRAD_OP</source>
            <translation>FSDP SHARD_GRAD_OP</translation>
        </message>
        <message>
            <location line="+2" />
            <source>FSDP HYBRID_SHARD</source>
            <translation>FSDP HYBRID_SHARD</translation>
        </message>
        <message>
            <location line="+23" />
            <source>5. Per GPU: %1 on N = %2 GPUs</source>
            <translation>5. 每个 GPU：%1，N = %2 个 GPU</translation>
        </message>
        <message>
            <location line="+21" />
            <source>Model states per GPU</source>
            <translation>每个 GPU 的模型状态</translation>
        </message>
        <message>
            <location line="+4" />
            <source>Plus the activations of the local micro-batch</source>
            <translation>加上本地微批次的激活值</translation>
        </message>
        <message>
            <location line="+4" />
            <source>Global batch</source>
            <translation>全局批大小</translation>
        </message>
        <message>
            <location line="+5" />
            <source>u = %1 FSDP units (one transformer layer each: the current one and the prefetched next one) are held unsharded, Ψ_layer = %2 parameters. </source>
            <translation>有 u = %1 个 FSDP 单元（每个是一层 Transformer：当前层和预取的下一层）以未分片形式保存，Ψ_layer = %2 个参数。</translation>
        </message>
        <message>
            <location line="+9" />
            <source>Sharded over the G = %1 GPUs of a node, replicated across nodes. </source>
            <translation>在一个节点的 G = %1 个 GPU 内分片，跨节点复制。</translation>
        </message>
        <message>
            <location line="+5" />
            <source>Includes PyTorch DDP&apos;s gradient-bucket copy. </source>
            <translation>包含 PyTorch DDP 的梯度桶副本。</translation>
        </message>
        <message>
            <location line="+2" />
            <source>Without DDP&apos;s gradient-bucket copy (gradient_as_bucket_view=True). </source>
            <translation>不含 DDP 的梯度桶副本（gradient_as_bucket_view=True）。</translation>
        </message>
        <message>
            <location line="+4" />
            <source>Sharding does not reduce the activations: each GPU stores those of its own micro-batch b.</source>
            <translation>分片不会减少激活值：每个 GPU 都要保存自己那份微批次 b 的激活值。</translation>
        </message>
        <message>
            <source>5. Per GPU: %1 on N = %2 GPU</source>
            <translation>5. 每个 GPU：%1，N = %2 个 GPU</translation>
        </message>
        <message>
            <source>Sharded over the G = %1 GPU of a node (no sharding), replicated across nodes. </source>
            <translation>在一个节点的 G = %1 个 GPU 内（即不分片），跨节点复制。</translation>
        </message>
        <message>
            <source>Adam: bf16 momentum and variance</source>
            <translation>Adam：bf16 动量与方差</translation>
        </message>
        <message>
            <source>Pure bf16: 2 bytes each for parameters, gradients, momentum and variance, and no fp32 master copy.</source>
            <translation>纯 bf16：参数、梯度、动量与方差各 2 字节，没有 fp32 主副本。</translation>
        </message>
    </context>
    <context>
        <name>ExportChartCommand</name>
        <message>
            <source>What the breakdown chart compares: precision (fp32 against mixed precision) or method (full fine-tuning, LoRA and QLoRA); default precision</source>
            <translation>分解图比较的内容：precision（fp32 与混合精度）或 method（全量微调、LoRA 与 QLoRA）；默认 precision</translation>
        </message>
        <message>
            <source>--breakdown-view must be precision or method, not &quot;%1&quot;</source>
            <translation>--breakdown-view 必须是 precision 或 method，而不是“%1”</translation>
        </message>
        <message>
            <source>--breakdown-view applies only to --chart breakdown</source>
            <translation>--breakdown-view 只适用于 --chart breakdown</translation>
        </message>
        <message>
            <location filename="../../app/export_chart_command.cpp" line="+43" />
            <source>Chart to draw: %1</source>
            <translation>要绘制的图表：%1</translation>
        </message>
        <message>
            <location line="+3" />
            <source>Output file; .png, .svg or .pdf chooses the format; - writes PNG to standard output</source>
            <translation>输出文件；扩展名 .png、.svg 或 .pdf 决定格式；- 表示把 PNG 写到标准输出</translation>
        </message>
        <message>
            <location line="+4" />
            <source>Layout width, %1 to %2 (default 1920)</source>
            <translation>版面宽度，%1 到 %2（默认 1920）</translation>
        </message>
        <message>
            <location line="+3" />
            <source>Layout height, %1 to %2 (default 1080)</source>
            <translation>版面高度，%1 到 %2（默认 1080）</translation>
        </message>
        <message>
            <location line="+4" />
            <source>PNG pixels per layout unit, %1 to %2 (default 2)</source>
            <translation>每个版面单位对应的 PNG 像素数，%1 到 %2（默认 2）</translation>
        </message>
        <message>
            <location line="+2" />
            <source>Memory unit of the axes: GiB|GB (default GiB)</source>
            <translation>坐标轴的显存单位：GiB|GB（默认 GiB）</translation>
        </message>
        <message>
            <location line="+2" />
            <source>Show this help and exit</source>
            <translation>显示本帮助并退出</translation>
        </message>
        <message>
            <location line="+10" />
            <source>--%1 must be a whole number from %2 to %3, not "%4"</source>
            <translation>--%1 必须是 %2 到 %3 之间的整数，而不是“%4”</translation>
        </message>
        <message>
            <location line="+21" />
            <source>--scale must be a number from %1 to %2, not "%3"</source>
            <translation>--scale 必须是 %1 到 %2 之间的数，而不是“%3”</translation>
        </message>
        <message>
            <location line="+8" />
            <source>--width, --height and --scale give an image over %1 pixels wide; lower one of them</source>
            <translation>--width、--height 和 --scale 得到的图像超过 %1 像素宽；请调小其中一个</translation>
        </message>
        <message>
            <location line="+11" />
            <source>Usage: llm-gpu-memory export-chart --chart NAME --out FILE [options]</source>
            <translation>用法：llm-gpu-memory export-chart --chart 名称 --out 文件 [选项]</translation>
        </message>
        <message>
            <location line="+24" />
            <source>unexpected argument "%1"; run "llm-gpu-memory export-chart --help" for the valid options</source>
            <translation>多余的参数“%1”；运行“llm-gpu-memory export-chart --help”查看有效选项</translation>
        </message>
        <message>
            <location line="+6" />
            <source>--chart must be one of %1, not "%2"</source>
            <translation>--chart 必须是 %1 之一，而不是“%2”</translation>
        </message>
        <message>
            <location line="+8" />
            <source>--out must name a .png, .svg or .pdf file, or be - for PNG on standard output; not "%1"</source>
            <translation>--out 必须是 .png、.svg 或 .pdf 文件，或用 - 把 PNG 写到标准输出；而不是“%1”</translation>
        </message>
        <message>
            <location line="+10" />
            <source>--units must be GiB or GB, not "%1"</source>
            <translation>--units 必须是 GiB 或 GB，而不是“%1”</translation>
        </message>
        <message>
            <location line="+2" />
            <source>Output file; .png, .svg or .pdf chooses the format</source>
            <translation>输出文件；扩展名 .png、.svg 或 .pdf 决定格式</translation>
        </message>
        <message>
            <location line="+7" />
            <source>--out must name a .png, .svg or .pdf file, not "%1"</source>
            <translation>--out 必须是 .png、.svg 或 .pdf 文件，而不是“%1”</translation>
        </message>
    </context>
    <context>
        <name>GuiModuleLoader</name>
        <message>
            <location filename="../../app/gui_module_loader.cpp" line="+52" />
            <source>llm-gpu-memory: the desktop app module %1 is not in %2 (%3); the command line still works, see "llm-gpu-memory --help"</source>
            <translation>llm-gpu-memory：桌面应用模块 %1 不在 %2 中（%3）；命令行仍可使用，见“llm-gpu-memory --help”</translation>
        </message>
    </context>
    <context>
        <name>HfConfig</name>
        <message>
            <location filename="../../core/hf_config.cpp" line="+1" />
            <source>config.json: missing key "%1"</source>
            <translation>config.json：缺少键“%1”</translation>
        </message>
        <message>
            <location line="+1" />
            <source>config.json: "%1" must be true or false</source>
            <translation>config.json：“%1”必须是 true 或 false</translation>
        </message>
        <message>
            <location line="+1" />
            <source>config.json: "%1" must be a list of layer indices</source>
            <translation>config.json：“%1”必须是层编号的列表</translation>
        </message>
        <message>
            <location line="+1" />
            <source>config.json: this value of "%1" is not supported for model_type "%2"</source>
            <translation>config.json：model_type “%2”不支持“%1”的这个取值</translation>
        </message>
        <message>
            <location line="+1" />
            <source>config.json: "%1" must be a whole number of at least 1</source>
            <translation>config.json：“%1”必须是不小于 1 的整数</translation>
        </message>
        <message>
            <location line="+1" />
            <source>config.json: "%1" must be a whole number of at least 0</source>
            <translation>config.json：“%1”必须是不小于 0 的整数</translation>
        </message>
        <message>
            <location line="+1" />
            <source>config.json is not a JSON object (%1)</source>
            <translation>config.json 不是一个 JSON 对象（%1）</translation>
        </message>
        <message>
            <location line="+1" />
            <source>the top level is not an object</source>
            <translation>顶层不是对象</translation>
        </message>
        <message>
            <location line="+1" />
            <source>config.json: "%1" must be a string</source>
            <translation>config.json：“%1”必须是字符串</translation>
        </message>
        <message>
            <location line="+1" />
            <source>config.json: model_type "%1" is not supported; supported types: %2</source>
            <translation>config.json：不支持 model_type “%1”；支持的类型：%2</translation>
        </message>
        <message>
            <source>%1: %2</source>
            <translation>%1：%2</translation>
        </message>
    </context>
    <context>
        <name>Presets</name>
        <message>
            <location filename="../../core/presets.cpp" line="+23" />
            <source>Table 2.1 of the GPT-3 paper prints 24 heads of size 128 for this model, but 24 × 128 = 3072, not d = 2048; the heads are kept as printed.</source>
            <translation>GPT-3 论文表 2.1 给此模型印的是 24 个头、每头维度 128，但 24 × 128 = 3072，并不等于 d = 2048；这里按原表保留头数。</translation>
        </message>
        <message>
            <location line="+3" />
            <source>Table 2.1 of the GPT-3 paper prints d = 5140, which 40 heads do not divide (5120 would be 40 × 128); d is kept as printed.</source>
            <translation>GPT-3 论文表 2.1 印的是 d = 5140，不能被 40 个头整除（40 × 128 应为 5120）；这里按原表保留 d。</translation>
        </message>
    </context>
    <context>
        <name>PresetsCommand</name>
        <message>
            <location filename="../../app/presets_command.cpp" line="+1" />
            <source>Today&apos;s families (exact and active parameters, source):</source>
            <translation>当今的模型系列（精确参数量与激活参数量，来源）：</translation>
        </message>
        <message>
            <location line="+1" />
            <source>active %1</source>
            <translation>激活 %1</translation>
        </message>
        <message>
            <location filename="../../app/presets_command.cpp" line="+53" />
            <source>Usage: llm-gpu-memory presets [options]</source>
            <translation>用法：llm-gpu-memory presets [选项]</translation>
        </message>
        <message>
            <location line="+7" />
            <source>name</source>
            <translation>名称</translation>
        </message>
        <message>
            <location line="+3" />
            <source>parameters (exact)</source>
            <translation>参数量（精确）</translation>
        </message>
        <message>
            <location line="+25" />
            <source>Shapes from: GPT-2, Radford et al. 2019; GPT-3, Brown et al. 2020, Table 2.1; OPT, Zhang et al. 2022, Table 1.</source>
            <translation>结构出处：GPT-2，Radford 等 2019；GPT-3，Brown 等 2020，表 2.1；OPT，Zhang 等 2022，表 1。</translation>
        </message>
        <message>
            <location line="+60" />
            <source>Lists the built-in presets of published models with their shapes.</source>
            <translation>列出内置的已发表模型预设及其结构。</translation>
        </message>
        <message>
            <location line="+1" />
            <source>Output format: text, json, csv (default text)</source>
            <translation>输出格式：text、json、csv（默认 text）</translation>
        </message>
        <message>
            <location line="+2" />
            <source>Language of the output: en, zh_CN (default: the system&apos;s)</source>
            <translation>输出语言：en、zh_CN（默认跟随系统）</translation>
        </message>
        <message>
            <location line="+2" />
            <source>Show this help and exit</source>
            <translation>显示本帮助并退出</translation>
        </message>
        <message>
            <location line="+16" />
            <source>unexpected argument "%1"; run "llm-gpu-memory presets --help" for the valid options</source>
            <translation>多余的参数“%1”；运行“llm-gpu-memory presets --help”查看有效选项</translation>
        </message>
        <message>
            <location line="+13" />
            <source>--format must be one of text, json, csv, not "%1"</source>
            <translation>--format 必须是 text、json、csv 之一，而不是“%1”</translation>
        </message>
    </context>
    <context>
        <name>QObject</name>
        <message>
            <location filename="../../app/gui_entry.cpp" line="+101" />
            <source>llm-gpu-memory: unknown command "%1"; run "llm-gpu-memory --help" for the commands</source>
            <translation>llm-gpu-memory：未知命令“%1”；运行“llm-gpu-memory --help”查看可用命令</translation>
        </message>
        <message>
            <location line="+16" />
            <source>LLM GPU Memory</source>
            <translation>LLM 显存计算器</translation>
        </message>
    </context>
    <context>
        <name>SafeFileWriter</name>
        <message>
            <location filename="../../core/safe_file_writer.cpp" line="+37" />
            <location filename="../../core/settings_file.cpp" line="+52" />
            <source>cannot write %1: %2</source>
            <translation>无法写入 %1：%2</translation>
        </message>
        <message>
            <location line="+185" />
            <source>no space left on device</source>
            <translation>设备上没有剩余空间（no space left on device）</translation>
        </message>
        <message>
            <location line="+2" />
            <source>disk quota exceeded</source>
            <translation>超出磁盘配额</translation>
        </message>
        <message>
            <location line="+3" />
            <source>permission denied</source>
            <translation>权限不足</translation>
        </message>
        <message>
            <location line="+2" />
            <source>read-only file system</source>
            <translation>只读文件系统</translation>
        </message>
        <message>
            <location line="+2" />
            <source>no such file or folder</source>
            <translation>没有这个文件或文件夹</translation>
        </message>
        <message>
            <location line="+2" />
            <source>a part of the path is not a folder</source>
            <translation>路径中有一部分不是文件夹</translation>
        </message>
        <message>
            <location line="+2" />
            <source>it is a folder</source>
            <translation>它是文件夹</translation>
        </message>
        <message>
            <location line="+2" />
            <source>no process is reading from it</source>
            <translation>没有进程在读取它</translation>
        </message>
        <message>
            <location line="+2" />
            <source>too many levels of symbolic links</source>
            <translation>符号链接层数过多</translation>
        </message>
        <message>
            <location line="+2" />
            <source>the file name is too long</source>
            <translation>文件名太长</translation>
        </message>
        <message>
            <location line="+2" />
            <source>input/output error</source>
            <translation>输入/输出错误</translation>
        </message>
        <message>
            <location line="+2" />
            <source>the file is too large</source>
            <translation>文件太大</translation>
        </message>
        <message>
            <location line="+14" />
            <source>no file name given</source>
            <translation>没有给出文件名</translation>
        </message>
        <message>
            <location line="+6" />
            <source>cannot write to standard output: %1</source>
            <translation>无法写入标准输出：%1</translation>
        </message>
        <message>
            <location line="+20" />
            <source>it changed while being written; try again</source>
            <translation>它在写入过程中发生了变化；请重试</translation>
        </message>
    </context>
    <context>
        <name>Scenario</name>
        <message>
            <location filename="../../core/scenario.cpp" line="+36" />
            <source>null</source>
            <translation>null</translation>
        </message>
        <message>
            <location line="+2" />
            <source>true/false</source>
            <translation>true/false</translation>
        </message>
        <message>
            <location line="+2" />
            <source>a number</source>
            <translation>数字</translation>
        </message>
        <message>
            <location line="+2" />
            <source>a string</source>
            <translation>字符串</translation>
        </message>
        <message>
            <location line="+2" />
            <source>a list</source>
            <translation>列表</translation>
        </message>
        <message>
            <location line="+2" />
            <source>an object</source>
            <translation>对象</translation>
        </message>
        <message>
            <location line="+4" />
            <source>nothing</source>
            <translation>空</translation>
        </message>
        <message>
            <location line="+17" />
            <location line="+13" />
            <source>"%1" must be a whole number, not %2</source>
            <translation>“%1”必须是整数，而不是 %2</translation>
        </message>
        <message>
            <location line="+13" />
            <source>"%1" is %2, beyond 2^53, the largest whole number JSON keeps exact</source>
            <translation>“%1”为 %2，超过了 2^53，即 JSON 能精确表示的最大整数</translation>
        </message>
        <message>
            <location line="+12" />
            <source>"%1" must be true or false, not %2</source>
            <translation>“%1”必须是 true 或 false，而不是 %2</translation>
        </message>
        <message>
            <location line="+14" />
            <source>"%1" must be a string, one of %2; not %3</source>
            <translation>“%1”必须是字符串，取 %2 之一；而不是 %3</translation>
        </message>
        <message>
            <location line="+9" />
            <source>"%1" must be one of %2, not %3</source>
            <translation>“%1”必须是 %2 之一，而不是 %3</translation>
        </message>
        <message>
            <location line="+26" />
            <source>it has no "version"; a scenario file starts with {"version": %1, ...}</source>
            <translation>缺少 "version"；场景文件应以 {"version": %1, ...} 开头</translation>
        </message>
        <message>
            <location line="+9" />
            <source>"version" must be a whole number from 1 to %1, not %2</source>
            <translation>"version" 必须是 1 到 %1 之间的整数，而不是 %2</translation>
        </message>
        <message>
            <location line="+8" />
            <source>it is version %1, written by a newer release; this one reads version %2</source>
            <translation>文件版本为 %1，由更新的版本写入；本版本只能读取版本 %2</translation>
        </message>
        <message>
            <location line="+82" />
            <source>"%1" (%2) must be a whole number from %3 to %4, not %5</source>
            <translation>“%1”（%2）必须是 %3 到 %4 之间的整数，而不是 %5</translation>
        </message>
        <message>
            <location line="+10" />
            <source>with "strategy": "fsdp-hybrid", "gpus" (%1) must be a multiple of "gpus_per_node" (%2)</source>
            <translation>当 "strategy" 为 "fsdp-hybrid" 时，"gpus"（%1）必须是 "gpus_per_node"（%2）的倍数</translation>
        </message>
        <message>
            <location line="+14" />
            <source>Cannot use the scenario file %1: %2</source>
            <translation>无法使用场景文件 %1：%2</translation>
        </message>
        <message>
            <location line="+12" />
            <source>it gives "%1" more than once (at byte %2)</source>
            <translation>它多次给出“%1”（在第 %2 字节）</translation>
        </message>
        <message>
            <location line="+7" />
            <source>it is not valid JSON (%1 at byte %2); it may be truncated</source>
            <translation>不是有效的 JSON（第 %2 字节处：%1）；文件可能被截断</translation>
        </message>
        <message>
            <location line="+7" />
            <source>it holds JSON but not an object {...} of inputs</source>
            <translation>内容是 JSON，但不是包含输入的对象 {...}</translation>
        </message>
        <message>
            <location line="+10" />
            <source>"%1" is not an input of a version %2 scenario</source>
            <translation>“%1”不是版本 %2 场景中的输入项</translation>
        </message>
        <message>
            <location line="+61" />
            <source>Cannot write the scenario file %1: %2</source>
            <translation>无法写入场景文件 %1：%2</translation>
        </message>
        <message>
            <location line="+51" />
            <source>"%1" must be an object, not %2</source>
            <translation>“%1”必须是对象，而不是%2</translation>
        </message>
        <message>
            <location line="+183" />
            <source>it is not a regular file of at most %1 bytes</source>
            <translation>不是不超过 %1 字节的普通文件</translation>
        </message>
        <message>
            <location line="+8" />
            <location line="+7" />
            <source>it cannot be read (%1)</source>
            <translation>无法读取（%1）</translation>
        </message>
        <message>
            <source>"%1" must be a probability P with 0 ≤ P &lt; 1, at most 3 decimals, not %2</source>
            <translation>"%1" 必须是概率 P（0 ≤ P &lt; 1，最多 3 位小数），而不是 %2</translation>
        </message>
        <message>
            <source>"%1" must be a string listing %2 with commas; not %3</source>
            <translation>"%1" 必须是用逗号列出 %2 的字符串，而不是 %3</translation>
        </message>
    </context>
    <context>
        <name>SettingsFile</name>
        <message>
            <location filename="../../core/settings_file.cpp" line="-22" />
            <source>The settings file %1 was not used: %2; the defaults apply</source>
            <translation>未使用设置文件 %1：%2；改用默认设置</translation>
        </message>
    </context>
    <context>
        <name>StartOptions</name>
        <message>
            <location filename="../../ui/start_options.cpp" line="+32" />
            <source>--lang: unknown language "%1"; valid: %2</source>
            <translation>--lang：未知语言“%1”；有效值：%2</translation>
        </message>
        <message>
            <location line="+6" />
            <source>--preset: unknown preset "%1"; valid: %2</source>
            <translation>--preset：未知预设“%1”；有效值：%2</translation>
        </message>
        <message>
            <location line="+7" />
            <source>--scenario: %1</source>
            <translation>--scenario：%1</translation>
        </message>
        <message>
            <location line="+25" />
            <source>unknown option "%1"; the desktop app takes --lang, --scenario and --preset</source>
            <translation>未知选项“%1”；桌面应用只接受 --lang、--scenario 和 --preset</translation>
        </message>
        <message>
            <location line="+6" />
            <location line="+5" />
            <source>--%1: missing value</source>
            <translation>--%1：缺少取值</translation>
        </message>
        <message>
            <source>--hf-config: %1</source>
            <translation>--hf-config：%1</translation>
        </message>
        <message>
            <source>unknown option "%1"; the desktop app takes --lang, --scenario, --preset and --hf-config</source>
            <translation>未知选项“%1”；桌面应用只接受 --lang、--scenario、--preset 和 --hf-config</translation>
        </message>
    </context>
    <context>
        <name>StrategyHelp</name>
        <message>
            <location filename="../../ui/strategy_help.cpp" line="+12" />
            <source>DDP</source>
            <translation>DDP</translation>
        </message>
        <message>
            <location line="+2" />
            <source>ZeRO-1</source>
            <translation>ZeRO-1</translation>
        </message>
        <message>
            <location line="+2" />
            <source>ZeRO-2</source>
            <translation>ZeRO-2</translation>
        </message>
        <message>
            <location line="+2" />
            <source>ZeRO-3</source>
            <translation>ZeRO-3</translation>
        </message>
        <message>
            <location line="+2" />
            <source>FSDP FULL_SHARD</source>
            <translation>FSDP FULL_SHARD</translation>
        </message>
        <message>
            <location line="+2" />
            <source>FSDP SHARD_GRAD_OP</source>
            <translation>FSDP SHARD_GRAD_OP</translation>
        </message>
        <message>
            <location line="+2" />
            <source>FSDP HYBRID_SHARD</source>
            <translation>FSDP HYBRID_SHARD</translation>
        </message>
        <message>
            <location line="+6" />
            <source>Activations belong to each GPU&apos;s own micro-batch of b sequences: no strategy shards or reduces them, so they stay the same per GPU while the global batch grows to N·b.</source>
            <translation>激活值属于每个 GPU 自己那份由 b 个序列组成的微批次：没有哪种策略会对它们分片或削减它们，因此全局批大小增长到 N·b 时，每个 GPU 上的激活值保持不变。</translation>
        </message>
        <message>
            <location line="+12" />
            <source>DDP: every GPU keeps a full copy of parameters, gradients and optimizer states; gradients are all-reduced after backward.</source>
            <translation>DDP：每个 GPU 都保存参数、梯度和优化器状态的完整副本；反向传播后对梯度做 All-Reduce。</translation>
        </message>
        <message>
            <location line="+5" />
            <source>ZeRO-1: optimizer states are split over the N GPUs; parameters and gradients stay replicated.</source>
            <translation>ZeRO-1：优化器状态切分到 N 个 GPU 上；参数和梯度仍在每个 GPU 上复制。</translation>
        </message>
        <message>
            <location line="+4" />
            <source>ZeRO-2: optimizer states and gradients are split over the N GPUs; parameters stay replicated.</source>
            <translation>ZeRO-2：优化器状态和梯度切分到 N 个 GPU 上；参数仍在每个 GPU 上复制。</translation>
        </message>
        <message>
            <location line="+4" />
            <source>ZeRO-3: parameters, gradients and optimizer states are all split over the N GPUs; each layer&apos;s parameters are gathered just in time.</source>
            <translation>ZeRO-3：参数、梯度和优化器状态全部切分到 N 个 GPU 上；每层的参数在用到时才临时收集。</translation>
        </message>
        <message>
            <location line="+5" />
            <source>FSDP FULL_SHARD: like ZeRO-3, holding the current layer and the prefetched next one unsharded.</source>
            <translation>FSDP FULL_SHARD：与 ZeRO-3 相同，另外以未分片形式保存当前层和预取的下一层。</translation>
        </message>
        <message>
            <location line="+5" />
            <source>FSDP SHARD_GRAD_OP: like ZeRO-2; parameters are gathered once for forward and kept whole until backward ends.</source>
            <translation>FSDP SHARD_GRAD_OP：与 ZeRO-2 相同；参数在前向传播时收集一次，并完整保留到反向传播结束。</translation>
        </message>
        <message>
            <location line="+5" />
            <source>FSDP HYBRID_SHARD: FULL_SHARD inside each node of G GPUs, full replicas across nodes.</source>
            <translation>FSDP HYBRID_SHARD：在每个有 G 个 GPU 的节点内做 FULL_SHARD，节点之间保存完整副本。</translation>
        </message>
        <message>
            <location line="+12" />
            <source>Replicated: parameters, gradients and optimizer states, 16Ψ bytes on every GPU whatever N is. Sharded: nothing. Communicated: during backward the gradients are all-reduced (averaged over all GPUs) in buckets, so every GPU then takes the same optimizer step. PyTorch copies the gradients into separate bucket buffers, one more gradient-sized buffer, unless the model is wrapped with &lt;code&gt;gradient_as_bucket_view=True&lt;/code&gt;; the calculator leaves that copy out by default, as the ZeRO paper does, and counts it when you tick it.</source>
            <translation>复制：参数、梯度和优化器状态，无论 N 为多少，每个 GPU 都占 16Ψ 字节。分片：无。通信：反向传播期间按桶对梯度做 All-Reduce（在所有 GPU 上求平均），于是每个 GPU 执行相同的优化器更新。PyTorch 会把梯度复制到单独的桶缓冲区，即再多一块与梯度同样大小的缓冲区，除非用 &lt;code&gt;gradient_as_bucket_view=True&lt;/code&gt; 包装模型；本计算器与 ZeRO 论文一样默认不计这份副本，勾选后才计入。</translation>
        </message>
        <message>
            <location line="+12" />
            <source>Replicated: parameters and gradients. Sharded: the optimizer states (fp32 master weights, Adam momentum and variance), each GPU keeping 1/N. Communicated: after backward the gradients are reduce-scattered, so each GPU receives the averaged gradients of its own shard and updates it; the updated parameters are then all-gathered so every GPU has the whole model again. The traffic equals DDP&apos;s all-reduce.</source>
            <translation>复制：参数和梯度。分片：优化器状态（fp32 主权重、Adam 的动量和方差），每个 GPU 保存 1/N。通信：反向传播后对梯度做 Reduce-Scatter，每个 GPU 得到自己分片的平均梯度并更新该分片；随后对更新后的参数做 All-Gather，使每个 GPU 重新拥有完整模型。通信量与 DDP 的 All-Reduce 相同。</translation>
        </message>
        <message>
            <location line="+10" />
            <source>Replicated: parameters. Sharded: optimizer states and gradients. Communicated: during backward each bucket of gradients is reduce-scattered as soon as it is ready and the GPU keeps only its own 1/N; after the update of its shard the parameters are all-gathered. The traffic equals DDP&apos;s all-reduce.</source>
            <translation>复制：参数。分片：优化器状态和梯度。通信：反向传播期间每个梯度桶一就绪就做 Reduce-Scatter，GPU 只保留属于自己的 1/N；更新完自己的分片后，对参数做 All-Gather。通信量与 DDP 的 All-Reduce 相同。</translation>
        </message>
        <message>
            <location line="+9" />
            <source>Replicated: nothing of the model states. Sharded: parameters, gradients and optimizer states, 16Ψ/N per GPU. Communicated: before each layer&apos;s forward and again before its backward, its parameters are all-gathered and freed right after use; the gradients are reduce-scattered during backward. About 1.5 times DDP&apos;s traffic.</source>
            <translation>复制：模型状态一概不复制。分片：参数、梯度和优化器状态，每个 GPU 16Ψ/N。通信：每层前向传播前和反向传播前各对该层参数做一次 All-Gather，用完立即释放；反向传播期间对梯度做 Reduce-Scatter。通信量约为 DDP 的 1.5 倍。</translation>
        </message>
        <message>
            <location line="+9" />
            <source>PyTorch&apos;s form of ZeRO-3. Sharded: parameters, gradients and optimizer states. Communicated: each FSDP unit (here one transformer layer) is all-gathered before its forward and again before its backward, and its gradients are reduce-scattered after its backward. At the peak a GPU holds two units unsharded, the current one and the prefetched next one, and in backward their full gradients too; the breakdown shows them as the gathered units.</source>
            <translation>PyTorch 版的 ZeRO-3。分片：参数、梯度和优化器状态。通信：每个 FSDP 单元（这里为一层 Transformer）在前向传播前和反向传播前各做一次 All-Gather，反向传播后对其梯度做 Reduce-Scatter。峰值时一个 GPU 以未分片形式保存两个单元，即当前单元和预取的下一个单元，反向传播时还要保存它们的完整梯度；分解图中把它们显示为“已收集的单元”。</translation>
        </message>
        <message>
            <location line="+11" />
            <source>PyTorch&apos;s form of ZeRO-2. Sharded: gradients and optimizer states. Parameters are all-gathered unit by unit before forward and then kept unsharded until backward is over, so there is no second all-gather; at the peak a GPU holds all parameters. Gradients are reduce-scattered after each unit&apos;s backward, with the unit&apos;s full gradients held meanwhile.</source>
            <translation>PyTorch 版的 ZeRO-2。分片：梯度和优化器状态。参数在前向传播前逐个单元做 All-Gather，之后以未分片形式保留到反向传播结束，因此没有第二次 All-Gather；峰值时一个 GPU 保存全部参数。每个单元反向传播后对其梯度做 Reduce-Scatter，在此之前保存该单元的完整梯度。</translation>
        </message>
        <message>
            <location line="+9" />
            <source>Sharded: parameters, gradients and optimizer states, as in FULL_SHARD but only over the G GPUs of one node, where the links are fast. Replicated: one full copy of the model states per node. Communicated: all-gathers and reduce-scatters stay inside the node; the gradient shards are then all-reduced across nodes. Per-GPU model states depend on G, not on N.</source>
            <translation>分片：参数、梯度和优化器状态，与 FULL_SHARD 相同，但只在一个节点的 G 个 GPU 之间分片，节点内互联带宽高。复制：每个节点保存一份完整的模型状态。通信：All-Gather 和 Reduce-Scatter 都在节点内完成；随后跨节点对梯度分片做 All-Reduce。每个 GPU 的模型状态取决于 G，而不是 N。</translation>
        </message>
        <message>
            <location line="+15" />
            <source>Training on N GPUs</source>
            <translation>在 N 个 GPU 上训练</translation>
        </message>
        <message>
            <location line="+1" />
            <source>Each GPU processes its own micro-batch of b sequences. The strategies differ in which model states each GPU keeps whole (replicated) and which it keeps only 1/N of (sharded), and in the collectives that move the rest.</source>
            <translation>每个 GPU 处理自己那份由 b 个序列组成的微批次。各策略的区别在于：哪些模型状态在每个 GPU 上完整保存（复制），哪些只保存 1/N（分片），以及用哪些集合通信搬运其余部分。</translation>
        </message>
    </context>
    <context>
        <name>StrictJson</name>
        <message>
            <location filename="../../core/strict_json.cpp" line="+32" />
            <source>unexpected text after the end of the document</source>
            <translation>文档结束后还有多余内容</translation>
        </message>
        <message>
            <location line="+28" />
            <location line="+227" />
            <source>unexpected character</source>
            <translation>意外的字符</translation>
        </message>
        <message>
            <location line="-218" />
            <source>a digit is missing</source>
            <translation>缺少数字</translation>
        </message>
        <message>
            <location line="+16" />
            <source>a number cannot start with 0</source>
            <translation>数字不能以 0 开头</translation>
        </message>
        <message>
            <location line="+9" />
            <source>a number needs digits after its "."</source>
            <translation>数字的“.”之后必须有数字</translation>
        </message>
        <message>
            <location line="+35" />
            <source>unknown escape in a string</source>
            <translation>字符串中有未知的转义</translation>
        </message>
        <message>
            <location line="+7" />
            <source>\u must be followed by four hex digits</source>
            <translation>\u 之后必须是四个十六进制数字</translation>
        </message>
        <message>
            <location line="+22" />
            <source>a control character inside a string must be escaped</source>
            <translation>字符串中的控制字符必须转义</translation>
        </message>
        <message>
            <location line="+15" />
            <source>a string is not closed</source>
            <translation>字符串没有结束引号</translation>
        </message>
        <message>
            <location line="+22" />
            <source>a key in quotes is expected</source>
            <translation>此处应为带引号的键</translation>
        </message>
        <message>
            <location line="+9" />
            <source>a key is given twice</source>
            <translation>一个键出现了两次</translation>
        </message>
        <message>
            <location line="+7" />
            <source>":" is expected after a key</source>
            <translation>键之后应为“:”</translation>
        </message>
        <message>
            <location line="+14" />
            <source>"," or "}" is expected</source>
            <translation>此处应为“,”或“}”</translation>
        </message>
        <message>
            <location line="+25" />
            <source>"," or "]" is expected</source>
            <translation>此处应为“,”或“]”</translation>
        </message>
        <message>
            <location line="+9" />
            <source>nested more than %1 levels deep</source>
            <translation>嵌套超过 %1 层</translation>
        </message>
        <message>
            <location line="+18" />
            <source>the document ends early</source>
            <translation>文档提前结束</translation>
        </message>
    </context>
    <context>
        <name>TextReport</name>
        <message>
            <source>parameters, trainable</source>
            <translation>参数，可训练</translation>
        </message>
        <message>
            <source>parameters, frozen base (NF4)</source>
            <translation>参数，冻结基座（NF4）</translation>
        </message>
        <message>
            <source>parameters, frozen base (16-bit)</source>
            <translation>参数，冻结基座（16 位）</translation>
        </message>
        <message>
            <source>optimizer (%1)</source>
            <translation>优化器状态（%1）</translation>
        </message>
        <message>
            <source>approx count %1</source>
            <translation>近似参数量 %1</translation>
        </message>
        <message>
            <source>QK-norm</source>
            <translation>QK 归一化</translation>
        </message>
        <message>
            <source>routed experts</source>
            <translation>路由专家</translation>
        </message>
        <message>
            <source>shared experts</source>
            <translation>共享专家</translation>
        </message>
        <message>
            <source>router</source>
            <translation>路由器</translation>
        </message>
        <message>
            <source>LM head (untied)</source>
            <translation>输出头（不共享权重）</translation>
        </message>
        <message>
            <source>active per token</source>
            <translation>每个词元激活的参数</translation>
        </message>
        <message>
            <source>RMSNorm</source>
            <translation>RMSNorm</translation>
        </message>
        <message>
            <source>norms (no parameters)</source>
            <translation>归一化层（无参数）</translation>
        </message>
        <message>
            <source>feed-forward, MoE layers</source>
            <translation>前馈网络，MoE 层</translation>
        </message>
        <message>
            <source>feed-forward, dense layers</source>
            <translation>前馈网络，稠密层</translation>
        </message>
        <message>
            <location filename="../../app/estimate_text.cpp" line="+87" />
            <source>Model: v=%1 d=%2 L=%3 h=%4 f=%5 s=%6 b=%7 P=%8</source>
            <translation>模型：v=%1 d=%2 L=%3 h=%4 f=%5 s=%6 b=%7 P=%8</translation>
        </message>
        <message>
            <location line="+11" />
            <source>exact parameter count</source>
            <translation>精确参数量</translation>
        </message>
        <message>
            <location line="+0" />
            <source>approx parameter count</source>
            <translation>近似参数量</translation>
        </message>
        <message>
            <location line="+2" />
            <source>Precision: %1%2, %3</source>
            <translation>精度：%1%2，%3</translation>
        </message>
        <message>
            <location line="+2" />
            <source> with fp32 gradients</source>
            <translation>，梯度为 fp32</translation>
        </message>
        <message>
            <location line="+6" />
            <source>Parameters</source>
            <translation>参数</translation>
        </message>
        <message>
            <location line="+0" />
            <source>count</source>
            <translation>数量</translation>
        </message>
        <message>
            <location line="+0" />
            <source>share</source>
            <translation>占比</translation>
        </message>
        <message>
            <location line="+2" />
            <source>embedding (token + position)</source>
            <translation>嵌入（词元 + 位置）</translation>
        </message>
        <message>
            <location line="+1" />
            <source>attention</source>
            <translation>注意力</translation>
        </message>
        <message>
            <location line="+1" />
            <source>feed-forward</source>
            <translation>前馈网络</translation>
        </message>
        <message>
            <location line="+1" />
            <source>LayerNorm</source>
            <translation>LayerNorm</translation>
        </message>
        <message>
            <location line="+1" />
            <source>total Ψ</source>
            <translation>总计 Ψ</translation>
        </message>
        <message>
            <location line="+1" />
            <source>exact count</source>
            <translation>精确参数量</translation>
        </message>
        <message>
            <location line="+1" />
            <source>approx count L(4d² + 2df)</source>
            <translation>近似参数量 L(4d² + 2df)</translation>
        </message>
        <message>
            <location line="+6" />
            <source>Model states</source>
            <translation>模型状态</translation>
        </message>
        <message>
            <location line="+0" />
            <source>bytes/param</source>
            <translation>字节/参数</translation>
        </message>
        <message>
            <location line="+0" />
            <location line="+18" />
            <location line="+30" />
            <source>GiB</source>
            <translation>GiB</translation>
        </message>
        <message>
            <location line="-47" />
            <location line="+48" />
            <source>parameters</source>
            <translation>参数</translation>
        </message>
        <message>
            <location line="-47" />
            <location line="+48" />
            <source>gradients</source>
            <translation>梯度</translation>
        </message>
        <message>
            <location line="-47" />
            <source>optimizer (Adam)</source>
            <translation>优化器状态（Adam）</translation>
        </message>
        <message>
            <location line="+1" />
            <location line="+13" />
            <location line="+37" />
            <source>total</source>
            <translation>总计</translation>
        </message>
        <message>
            <location line="-44" />
            <source>Activations (%1 bytes/element)</source>
            <translation>激活值（%1 字节/元素）</translation>
        </message>
        <message>
            <location line="+0" />
            <source>GiB per layer</source>
            <translation>每层 GiB</translation>
        </message>
        <message>
            <location line="+1" />
            <source>GiB, %1 layers</source>
            <translation>GiB，%1 层</translation>
        </message>
        <message>
            <location line="+1" />
            <source>attention, linear 6bsd</source>
            <translation>注意力，线性项 6bsd</translation>
        </message>
        <message>
            <location line="+2" />
            <source>attention, quadratic 2bhs²</source>
            <translation>注意力，二次项 2bhs²</translation>
        </message>
        <message>
            <location line="+2" />
            <source>feed-forward bs(2d + 2f)</source>
            <translation>前馈网络 bs(2d + 2f)</translation>
        </message>
        <message>
            <location filename="../../core/memory_terms.cpp" line="+0" />
            <source>attention, linear</source>
            <translation>注意力，线性项</translation>
        </message>
        <message>
            <location line="+0" />
            <source>attention, quadratic</source>
            <translation>注意力，二次项</translation>
        </message>
        <message>
            <location line="+0" />
            <source>feed-forward</source>
            <translation>前馈网络</translation>
        </message>
        <message>
            <location line="+2" />
            <source>Total, one GPU without sharding</source>
            <translation>总计，单 GPU 不分片</translation>
        </message>
        <message>
            <location line="+1" />
            <source>model states + activations</source>
            <translation>模型状态 + 激活值</translation>
        </message>
        <message>
            <location line="+6" />
            <source>Activations / model states</source>
            <translation>激活值 / 模型状态</translation>
        </message>
        <message>
            <location line="+0" />
            <source>ratio</source>
            <translation>比值</translation>
        </message>
        <message>
            <location line="+1" />
            <source>actual</source>
            <translation>实际</translation>
        </message>
        <message>
            <location line="+1" />
            <source>seed formula b(s/3d + hs²/24d²)</source>
            <translation>讲义公式 b(s/3d + hs²/24d²)</translation>
        </message>
        <message>
            <location line="+1" />
            <source>  linear term bs/3d</source>
            <translation>  线性项 bs/3d</translation>
        </message>
        <message>
            <location line="+1" />
            <source>  quadratic term bhs²/24d²</source>
            <translation>  二次项 bhs²/24d²</translation>
        </message>
        <message>
            <location line="+1" />
            <source>Crossovers</source>
            <translation>交叉点</translation>
        </message>
        <message>
            <location line="+0" />
            <source>value</source>
            <translation>值</translation>
        </message>
        <message>
            <location line="+2" />
            <source>s* (seed formula = 1 at b = %1)</source>
            <translation>s*（b = %1 时讲义公式 = 1）</translation>
        </message>
        <message>
            <location line="+1" />
            <source>b* (seed formula = 1 at s = %1)</source>
            <translation>b*（s = %1 时讲义公式 = 1）</translation>
        </message>
        <message>
            <location line="+2" />
            <source>s = 8d/h (quadratic term overtakes linear)</source>
            <translation>s = 8d/h（二次项超过线性项）</translation>
        </message>
        <message>
            <location line="+2" />
            <source>s where activations = model states</source>
            <translation>激活值 = 模型状态时的 s</translation>
        </message>
        <message>
            <location line="+7" />
            <source>Per GPU: %1, N = %2, global batch %3</source>
            <translation>每个 GPU：%1，N = %2，全局批大小 %3</translation>
        </message>
        <message>
            <location line="+7" />
            <source>optimizer</source>
            <translation>优化器状态</translation>
        </message>
        <message>
            <location line="+1" />
            <source>model states</source>
            <translation>模型状态</translation>
        </message>
        <message>
            <location line="+1" />
            <source>activations (local batch, not sharded)</source>
            <translation>激活值（本地批次，不分片）</translation>
        </message>
        <message>
            <location line="+2" />
            <source>shard group (GPUs)</source>
            <translation>分片组（GPU 数）</translation>
        </message>
        <message>
            <location line="+2" />
            <source>  gathered FSDP units (layer + prefetch)</source>
            <translation>  已收集的 FSDP 单元（当前层 + 预取）</translation>
        </message>
        <message>
            <location line="+2" />
            <source>  of which gathered parameters</source>
            <translation>  其中已收集的参数</translation>
        </message>
        <message>
            <location line="+1" />
            <source>  of which gathered gradients</source>
            <translation>  其中已收集的梯度</translation>
        </message>
        <message>
            <location line="+3" />
            <source>  of which DDP gradient-bucket copy</source>
            <translation>  其中 DDP 梯度桶副本</translation>
        </message>
        <message>
            <source>the start of backward</source>
            <translation>反向传播开始时</translation>
        </message>
        <message>
            <source>one layer&apos;s recompute in backward</source>
            <translation>反向传播中某一层重计算时</translation>
        </message>
        <message>
            <source>Detailed peak, stage %1, at %2</source>
            <translation>详细峰值，阶段 %1，发生在%2</translation>
        </message>
        <message>
            <source>kind</source>
            <translation>类别</translation>
        </message>
        <message>
            <source>peak per GPU</source>
            <translation>每 GPU 峰值</translation>
        </message>
        <message>
            <source>  one layer, one micro-batch</source>
            <translation>  一层、一个微批次</translation>
        </message>
        <message>
            <source>  the stage&apos;s layers, %1 in-flight chunks</source>
            <translation>  本阶段各层，%1 个在途块</translation>
        </message>
        <message>
            <source>  lecture note&apos;s per-GPU total</source>
            <translation>  讲义的每 GPU 总量</translation>
        </message>
        <message>
            <source>Runtime, not seen by torch.cuda.memory_allocated</source>
            <translation>运行时开销（torch.cuda.memory_allocated 看不到）</translation>
        </message>
        <message>
            <source>allocated (the estimate)</source>
            <translation>已分配（估算值）</translation>
        </message>
        <message>
            <source>+ allocator reserve (+10%)</source>
            <translation>+ 分配器预留（+10%）</translation>
        </message>
        <message>
            <source>= reserved</source>
            <translation>= 已预留</translation>
        </message>
        <message>
            <source>+ CUDA context</source>
            <translation>+ CUDA 上下文</translation>
        </message>
        <message>
            <source>+ NCCL buffers</source>
            <translation>+ NCCL 缓冲区</translation>
        </message>
        <message>
            <source>= what nvidia-smi shows</source>
            <translation>= nvidia-smi 显示的用量</translation>
        </message>
        <message>
            <source>host: %1</source>
            <translation>主机：%1</translation>
        </message>
        <message>
            <source>CPU memory per GPU (offload)</source>
            <translation>每 GPU 的 CPU 内存（卸载）</translation>
        </message>
        <message>
            <source>Fine-tuning: %1, %2</source>
            <translation>微调：%1，%2</translation>
        </message>
        <message>
            <source>trainable parameters</source>
            <translation>可训练参数</translation>
        </message>
        <message>
            <source>frozen parameters</source>
            <translation>冻结参数</translation>
        </message>
        <message>
            <source>CPU memory (offload: %1)</source>
            <translation>CPU 内存（卸载：%1）</translation>
        </message>
        <message>
            <source>per GPU</source>
            <translation>每个 GPU</translation>
        </message>
        <message>
            <source>  of which pinned</source>
            <translation>  其中锁页内存</translation>
        </message>
        <message>
            <source>per node</source>
            <translation>每个节点</translation>
        </message>
    </context>
    <context>
        <name>WindowBounds</name>
        <message>
            <location filename="../../ui/window_bounds.cpp" line="+28" />
            <source>LLM_GPU_MEMORY_PRESENTATION must be a number from %1 to %2, not "%3"; the default %4 is used</source>
            <translation>LLM_GPU_MEMORY_PRESENTATION 必须是 %1 到 %2 之间的数，而不是“%3”；改用默认值 %4</translation>
        </message>
    </context>
    <context>
        <name>lgm::FormulaPanel</name>
        <message>
            <location filename="../../ui/formula_panel.cpp" line="+102" />
            <source>Copy as Markdown</source>
            <translation>复制为 Markdown</translation>
        </message>
        <message>
            <location line="+2" />
            <source>Copy the derivation as Markdown with LaTeX math, for lecture notes</source>
            <translation>把推导过程复制为带 LaTeX 公式的 Markdown，用于讲义</translation>
        </message>
    </context>
    <context>
        <name>lgm::ui::BreakdownChart</name>
        <message>
            <source>%1, per GPU</source>
            <translation>%1，每 GPU</translation>
        </message>
        <message>
            <source>buffers, transients, runtime</source>
            <translation>缓冲区、临时张量与运行时</translation>
        </message>
        <message>
            <source>Breakdown: full vs LoRA vs QLoRA fine-tuning</source>
            <translation>分解：全量微调、LoRA 与 QLoRA 对比</translation>
        </message>
        <message>
            <source>optimizer (%1)</source>
            <translation>优化器状态（%1）</translation>
        </message>
        <message>
            <source>full</source>
            <translation>全量</translation>
        </message>
        <message>
            <source>LoRA r=%1</source>
            <translation>LoRA r=%1</translation>
        </message>
        <message>
            <source>QLoRA r=%1</source>
            <translation>QLoRA r=%1</translation>
        </message>
        <message>
            <source>not available</source>
            <translation>不可用</translation>
        </message>
        <message>
            <location filename="../../ui/breakdown_chart.cpp" line="+12" />
            <source>Breakdown: fp32 vs fp16 mixed precision</source>
            <translation>分解：fp32 与 fp16 混合精度对比</translation>
        </message>
        <message>
            <location line="+1" />
            <source>parameters</source>
            <translation>参数</translation>
        </message>
        <message>
            <location line="+0" />
            <source>gradients</source>
            <translation>梯度</translation>
        </message>
        <message>
            <location line="+1" />
            <source>optimizer (Adam)</source>
            <translation>优化器状态（Adam）</translation>
        </message>
        <message>
            <location line="+0" />
            <source>activations</source>
            <translation>激活值</translation>
        </message>
        <message>
            <location line="+101" />
            <source>ref %1</source>
            <translation>参考 %1</translation>
        </message>
        <message>
            <location line="+20" />
            <source>fp32</source>
            <translation>fp32</translation>
        </message>
        <message>
            <location line="+0" />
            <source>fp32 (current)</source>
            <translation>fp32（当前）</translation>
        </message>
        <message>
            <location line="+1" />
            <source>fp16 mixed (current)</source>
            <translation>fp16 混合精度（当前）</translation>
        </message>
        <message>
            <location line="+0" />
            <source>fp16 mixed</source>
            <translation>fp16 混合精度</translation>
        </message>
        <message>
            <location line="+42" />
            <source>total %1</source>
            <translation>总计 %1</translation>
        </message>
        <message>
            <location line="-2" />
            <source>too large</source>
            <translation>过大</translation>
        </message>
        <message>
            <location line="+5" />
            <source>memory</source>
            <translation>显存</translation>
        </message>
        <message>
            <source>Breakdown: fp32 vs bf16 mixed precision</source>
            <translation>分解：fp32 与 bf16 混合精度对比</translation>
        </message>
        <message>
            <source>bf16 mixed</source>
            <translation>bf16 混合精度</translation>
        </message>
        <message>
            <source>%1 (current)</source>
            <translation>%1（当前）</translation>
        </message>
    </context>
    <context>
        <name>lgm::ui::ChartExporter</name>
        <message>
            <location filename="../../ui/chart_exporter.cpp" line="+79" />
            <source>cannot write %1: the file name must end in .png, .svg or .pdf</source>
            <translation>无法写入 %1：文件名必须以 .png、.svg 或 .pdf 结尾</translation>
        </message>
        <message>
            <location line="+22" />
            <source>cannot write %1: the chart could not be drawn</source>
            <translation>无法写入 %1：无法绘制图表</translation>
        </message>
        <message>
            <location line="+4" />
            <location line="+17" />
            <location line="+3" />
            <source>cannot write %1: %2</source>
            <translation>无法写入 %1：%2</translation>
        </message>
    </context>
    <context>
        <name>lgm::ui::CompareController</name>
        <message>
            <location filename="../../ui/compare_controller.cpp" line="+40" />
            <source>&amp;Pin as reference</source>
            <translation>固定为参考(&amp;P)</translation>
        </message>
        <message>
            <location line="+1" />
            <source>Freeze the current inputs as the reference: the charts keep it as dashed ghosts and the summary shows the differences (Ctrl+R)</source>
            <translation>把当前输入冻结为参考：图表以虚线保留参考曲线，摘要显示两者的差异（Ctrl+R）</translation>
        </message>
        <message>
            <location line="+2" />
            <source>C&amp;lear reference</source>
            <translation>清除参考(&amp;L)</translation>
        </message>
        <message>
            <location line="+2" />
            <source>Load reference from &amp;file…</source>
            <translation>从文件载入参考(&amp;F)…</translation>
        </message>
        <message>
            <location line="-1" />
            <source>Back to one scenario (Ctrl+Shift+R)</source>
            <translation>回到单一场景（Ctrl+Shift+R）</translation>
        </message>
        <message>
            <location line="+2" />
            <source>Use a saved scenario file as the reference</source>
            <translation>用已保存的场景文件作为参考</translation>
        </message>
        <message>
            <location line="+17" />
            <source>pinned</source>
            <translation>已固定</translation>
        </message>
        <message>
            <location line="+15" />
            <source>%1: %2</source>
            <translation>%1：%2</translation>
        </message>
        <message>
            <location line="+9" />
            <source>Load reference scenario</source>
            <translation>载入参考场景</translation>
        </message>
        <message>
            <location line="+1" />
            <source>Scenarios (*.json)</source>
            <translation>场景文件 (*.json)</translation>
        </message>
        <message>
            <location line="+6" />
            <source>Load reference</source>
            <translation>载入参考</translation>
        </message>
    </context>
    <context>
        <name>lgm::ui::ControlPanel</name>
        <message>
            <location filename="../../ui/control_panel.cpp" line="+118" />
            <source>Model</source>
            <translation>模型</translation>
        </message>
        <message>
            <location line="+2" />
            <source>&amp;v vocabulary</source>
            <translation>&amp;v 词表大小</translation>
        </message>
        <message>
            <location line="+1" />
            <source>v: vocabulary size, the number of distinct tokens. The token embedding holds v·d parameters.</source>
            <translation>v：词表大小，即不同词元的个数。词元嵌入含 v·d 个参数。</translation>
        </message>
        <message>
            <location line="+3" />
            <source>&amp;d embedding</source>
            <translation>&amp;d 嵌入维度</translation>
        </message>
        <message>
            <location line="+1" />
            <source>d: embedding dimension, the width of every token vector in every layer.</source>
            <translation>d：嵌入维度，即每一层中每个词元向量的宽度。</translation>
        </message>
        <message>
            <location line="+2" />
            <source>&amp;L layers</source>
            <translation>&amp;L 层数</translation>
        </message>
        <message>
            <location line="+1" />
            <source>L: the number of transformer layers.</source>
            <translation>L：Transformer 的层数。</translation>
        </message>
        <message>
            <location line="+1" />
            <source>&amp;h heads</source>
            <translation>&amp;h 注意力头数</translation>
        </message>
        <message>
            <location line="+1" />
            <source>h: attention heads. Each head stores an s×s score matrix per sequence, so attention keeps 2bhs² elements per layer.</source>
            <translation>h：注意力头数。每个头为每条序列保存一个 s×s 的分数矩阵，因此注意力每层保存 2bhs² 个元素。</translation>
        </message>
        <message>
            <location line="+3" />
            <source>&amp;f feed-forward</source>
            <translation>&amp;f 前馈维度</translation>
        </message>
        <message>
            <location line="+1" />
            <source>f: hidden dimension of the feed-forward block, d→f→d; usually 4d.</source>
            <translation>f：前馈网络隐藏层维度，d→f→d；通常为 4d。</translation>
        </message>
        <message>
            <location line="+3" />
            <source>lock f = 4d</source>
            <translation>锁定 f = 4d</translation>
        </message>
        <message>
            <location line="+1" />
            <source>Most GPT models use f = 4d. Untick to choose f freely.</source>
            <translation>大多数 GPT 模型使用 f = 4d。取消勾选可自由设置 f。</translation>
        </message>
        <message>
            <location line="+6" />
            <source>&amp;P positions</source>
            <translation>&amp;P 位置数</translation>
        </message>
        <message>
            <location line="+1" />
            <source>P: rows of the learned position table (P·d parameters); 0 = no learned table.</source>
            <translation>P：可学习位置编码表的行数（P·d 个参数）；0 表示没有可学习的位置编码表。</translation>
        </message>
        <message>
            <location line="+4" />
            <source>lock P = s</source>
            <translation>锁定 P = s</translation>
        </message>
        <message>
            <location line="+1" />
            <source>A learned position table usually has one row per position of the context. Untick to set P separately.</source>
            <translation>可学习的位置编码表通常为上下文中的每个位置各设一行。取消勾选可单独设置 P。</translation>
        </message>
        <message>
            <location line="+12" />
            <source>Input</source>
            <translation>输入数据</translation>
        </message>
        <message>
            <location line="+1" />
            <source>&amp;s context</source>
            <translation>&amp;s 上下文长度</translation>
        </message>
        <message>
            <location line="+1" />
            <source>s: context length, the longest sequence of tokens the model processes at once.</source>
            <translation>s：上下文长度，即模型一次处理的最长词元序列。</translation>
        </message>
        <message>
            <location line="+3" />
            <source>&amp;b batch</source>
            <translation>&amp;b 批大小</translation>
        </message>
        <message>
            <location line="+1" />
            <source>b: batch size, the sequences processed together in one step (per GPU).</source>
            <translation>b：批大小，即一步中一起处理的序列数（每个 GPU）。</translation>
        </message>
        <message>
            <location line="+8" />
            <source>Numbers</source>
            <translation>数值</translation>
        </message>
        <message>
            <location line="+13" />
            <source>fp32</source>
            <translation>fp32</translation>
        </message>
        <message>
            <location line="+1" />
            <source>fp16 mixed</source>
            <translation>fp16 混合精度</translation>
        </message>
        <message>
            <location line="+1" />
            <source>bf16 mixed</source>
            <translation>bf16 混合精度</translation>
        </message>
        <message>
            <location line="+1" />
            <source>fp32: 4 bytes for every parameter, gradient and activation element. Mixed precision: 2-byte parameters, gradients and activations plus a 4-byte master copy, momentum and variance, so model states stay 16Ψ while activations halve.</source>
            <translation>fp32：每个参数、梯度和激活值元素各占 4 字节。混合精度：参数、梯度和激活值各 2 字节，另有 4 字节的主权重副本、动量和方差，因此模型状态仍为 16Ψ，而激活值减半。</translation>
        </message>
        <message>
            <location line="+5" />
            <source>&amp;Precision</source>
            <translation>精度(&amp;P)</translation>
        </message>
        <message>
            <location line="+1" />
            <source>fp32 &amp;gradients</source>
            <translation>fp32 梯度(&amp;G)</translation>
        </message>
        <message>
            <location line="+1" />
            <source>Keep gradients in 4 bytes in mixed precision: 18Ψ instead of 16Ψ.</source>
            <translation>混合精度下梯度保持 4 字节：18Ψ 而非 16Ψ。</translation>
        </message>
        <message>
            <location line="+2" />
            <source>exact (GPT-2 layout)</source>
            <translation>精确（GPT-2 结构）</translation>
        </message>
        <message>
            <location line="+1" />
            <source>approx 12Ld²</source>
            <translation>近似 12Ld²</translation>
        </message>
        <message>
            <location line="+1" />
            <source>Ψ, the parameter count: exact counts embeddings, biases and LayerNorms; approx is the seed&apos;s L·(4d² + 2df) = 12Ld² at f = 4d.</source>
            <translation>Ψ，参数量：精确计数包含嵌入、偏置和 LayerNorm；近似值为讲义中的 L·(4d² + 2df)，在 f = 4d 时即 12Ld²。</translation>
        </message>
        <message>
            <location line="+3" />
            <source>Parameter &amp;count</source>
            <translation>参数量(&amp;C)</translation>
        </message>
        <message>
            <location line="+12" />
            <source>Distributed</source>
            <translation>分布式</translation>
        </message>
        <message>
            <location line="+11" />
            <source>S&amp;trategy</source>
            <translation>策略(&amp;T)</translation>
        </message>
        <message>
            <location line="+2" />
            <source>&amp;N GPUs</source>
            <translation>&amp;N GPU 数</translation>
        </message>
        <message>
            <location line="+1" />
            <source>N: the number of GPUs; each holds a micro-batch of b sequences.</source>
            <translation>N：GPU 数量；每个 GPU 处理一个含 b 条序列的微批次。</translation>
        </message>
        <message>
            <location line="+2" />
            <source>G per node</source>
            <translation>G 每节点 GPU 数</translation>
        </message>
        <message>
            <location line="+1" />
            <source>G: GPUs per node for hybrid sharding: states are sharded within a node of G GPUs and replicated across nodes. N must be a multiple of G.</source>
            <translation>G：混合分片时每个节点的 GPU 数：模型状态在一个节点的 G 个 GPU 内分片，跨节点复制。N 必须是 G 的倍数。</translation>
        </message>
        <message>
            <location line="+4" />
            <source>DDP gradient-bucket copy</source>
            <translation>DDP 梯度桶副本</translation>
        </message>
        <message>
            <location line="+2" />
            <source>PyTorch DDP allocates one more gradient-sized buffer for its communication buckets by default, unless gradient_as_bucket_view=True. It is off here because the ZeRO paper&apos;s accounting (2Ψ + 2Ψ + 12Ψ) leaves it out.</source>
            <translation>PyTorch DDP 默认会为通信桶再分配一块与梯度同样大小的缓冲区，除非设置 gradient_as_bucket_view=True。这里默认关闭，因为 ZeRO 论文的计算（2Ψ + 2Ψ + 12Ψ）不包含它。</translation>
        </message>
        <message>
            <location line="+12" />
            <source>Activations are per local micro-batch b: no strategy here shards them.</source>
            <translation>激活值按本地微批次 b 计算：这里没有哪种策略会对它们分片。</translation>
        </message>
        <message>
            <location line="+11" />
            <source>Display</source>
            <translation>显示</translation>
        </message>
        <message>
            <location line="+9" />
            <source>GiB (2³⁰ bytes)</source>
            <translation>GiB（2³⁰ 字节）</translation>
        </message>
        <message>
            <location line="+1" />
            <source>GB (10⁹ bytes)</source>
            <translation>GB（10⁹ 字节）</translation>
        </message>
        <message>
            <location line="+1" />
            <source>Binary units match what nvidia-smi and PyTorch report; vendors quote GPU sizes in decimal GB.</source>
            <translation>二进制单位与 nvidia-smi 和 PyTorch 显示的一致；厂商标称的显存容量用十进制 GB。</translation>
        </message>
        <message>
            <location line="+2" />
            <source>&amp;Units</source>
            <translation>单位(&amp;U)</translation>
        </message>
        <message>
            <location line="+1" />
            <source>The summary says whether one GPU of this size holds the per-GPU total, and with how much headroom.</source>
            <translation>摘要会说明这种容量的单个 GPU 能否容纳每个 GPU 的总显存，以及还剩多少余量。</translation>
        </message>
        <message>
            <location line="+2" />
            <source>Fits on &amp;GPU</source>
            <translation>目标 &amp;GPU</translation>
        </message>
        <message>
            <location line="+29" />
            <source>%1 (%2 GB)</source>
            <translation>%1（%2 GB）</translation>
        </message>
        <message>
            <source>approx L(4d² + 2df)</source>
            <translation>近似 L(4d² + 2df)</translation>
        </message>
        <message>
            <source>Range: %1.</source>
            <translation>范围：%1。</translation>
        </message>
        <message>
            <source>%1 is outside %2: set to %3.</source>
            <translation>%1 超出 %2：已设为 %3。</translation>
        </message>
        <message>
            <source>h: attention heads. Each head stores an s×s score matrix per sequence, so attention keeps 2bhs² elements per layer. h should divide d: each head takes d/h dimensions of the embedding.</source>
            <translation>h：注意力头数。每个头为每条序列保存一个 s×s 的分数矩阵，因此注意力每层保存 2bhs² 个元素。h 应整除 d：每个头占嵌入的 d/h 维。</translation>
        </message>
        <message>
            <source>Training</source>
            <translation>训练</translation>
        </message>
        <message>
            <source>More inputs</source>
            <translation>更多输入</translation>
        </message>
        <message>
            <source>GPT-2 (lecture note)</source>
            <translation>GPT-2（讲义）</translation>
        </message>
        <message>
            <source>Llama / Mistral</source>
            <translation>Llama / Mistral 系</translation>
        </message>
        <message>
            <source>Qwen2</source>
            <translation>Qwen2 系</translation>
        </message>
        <message>
            <source>Gemma</source>
            <translation>Gemma 系</translation>
        </message>
        <message>
            <source>NeoX / Pythia</source>
            <translation>NeoX / Pythia 系</translation>
        </message>
        <message>
            <source>MoE (Mixtral)</source>
            <translation>MoE 混合专家（Mixtral）</translation>
        </message>
        <message>
            <source>custom</source>
            <translation>自定义</translation>
        </message>
        <message>
            <source>plain (2 matrices, GELU)</source>
            <translation>普通（2 个矩阵，GELU）</translation>
        </message>
        <message>
            <source>gated (3 matrices, SwiGLU)</source>
            <translation>门控（3 个矩阵，SwiGLU）</translation>
        </message>
        <message>
            <source>LayerNorm</source>
            <translation>LayerNorm（层归一化）</translation>
        </message>
        <message>
            <source>RMSNorm</source>
            <translation>RMSNorm（均方根归一化）</translation>
        </message>
        <message>
            <source>every linear</source>
            <translation>所有线性层</translation>
        </message>
        <message>
            <source>Q, K, V only</source>
            <translation>仅 Q、K、V</translation>
        </message>
        <message>
            <source>attention only</source>
            <translation>仅注意力</translation>
        </message>
        <message>
            <source>learned table</source>
            <translation>可学习位置表</translation>
        </message>
        <message>
            <source>rotary (RoPE)</source>
            <translation>旋转位置编码（RoPE）</translation>
        </message>
        <message>
            <source>per head</source>
            <translation>逐头</translation>
        </message>
        <message>
            <source>full</source>
            <translation>整体</translation>
        </message>
        <message>
            <source>none</source>
            <translation>无</translation>
        </message>
        <message>
            <source>exact</source>
            <translation>精确</translation>
        </message>
        <message>
            <source>non-parametric</source>
            <translation>无参数</translation>
        </message>
        <message>
            <source>lock g = h</source>
            <translation>锁定 g = h</translation>
        </message>
        <message>
            <source>lock head_dim = d/h</source>
            <translation>锁定 head_dim = d/h</translation>
        </message>
        <message>
            <source>lock f_e = f</source>
            <translation>锁定 f_e = f</translation>
        </message>
        <message>
            <source>lock shared width = f_e</source>
            <translation>锁定共享专家宽度 = f_e</translation>
        </message>
        <message>
            <source>Keep this input at its usual value as the inputs it follows change. Untick to set it freely.</source>
            <translation>随所依赖的输入变化，使该输入保持常用取值。取消勾选即可自由设置。</translation>
        </message>
        <message>
            <source>Fine-tuning and optimizer</source>
            <translation>微调与优化器</translation>
        </message>
    </context>
    <context>
        <name>lgm::ui::EstimateChart</name>
        <message>
            <location filename="../../ui/estimate_chart.cpp" line="+225" />
            <location line="+65" />
            <source>reference (dashed)</source>
            <translation>参考（虚线）</translation>
        </message>
        <message>
            <location line="-51" />
            <location line="+50" />
            <source>reference (light)</source>
            <translation>参考（浅色）</translation>
        </message>
    </context>
    <context>
        <name>lgm::ui::ExportDialog</name>
        <message>
            <location filename="../../ui/export_dialog.cpp" line="+18" />
            <location line="+40" />
            <source>Export chart</source>
            <translation>导出图表</translation>
        </message>
        <message>
            <location line="-35" />
            <source>&amp;Chart</source>
            <translation>图表(&amp;C)</translation>
        </message>
        <message>
            <location line="+3" />
            <source>The extension chooses the format: .png, .svg or .pdf.</source>
            <translation>扩展名决定格式：.png、.svg 或 .pdf。</translation>
        </message>
        <message>
            <location line="+1" />
            <source>&amp;Browse…</source>
            <translation>浏览(&amp;B)…</translation>
        </message>
        <message>
            <location line="+4" />
            <source>&amp;File</source>
            <translation>文件(&amp;F)</translation>
        </message>
        <message>
            <location line="+13" />
            <source>PNG only: pixels per layout unit. 1920×1080 at scale 2 gives a 3840×2160 image with 1080p proportions.</source>
            <translation>仅用于 PNG：每个版面单位的像素数。1920×1080 在缩放 2 下得到 3840×2160 的图像，保持 1080p 的比例。</translation>
        </message>
        <message>
            <location line="+2" />
            <source>&amp;Width</source>
            <translation>宽度(&amp;W)</translation>
        </message>
        <message>
            <location line="+1" />
            <source>&amp;Height</source>
            <translation>高度(&amp;H)</translation>
        </message>
        <message>
            <location line="+1" />
            <source>&amp;Scale</source>
            <translation>缩放(&amp;S)</translation>
        </message>
        <message>
            <location line="+11" />
            <source>PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)</source>
            <translation>PNG 图像 (*.png);;SVG 矢量图 (*.svg);;PDF 文档 (*.pdf)</translation>
        </message>
    </context>
    <context>
        <name>lgm::ui::LanguageMenu</name>
        <message>
            <location filename="../../ui/language_menu.cpp" line="+74" />
            <source>&amp;Language</source>
            <translation>语言(&amp;L)</translation>
        </message>
        <message>
            <location line="+2" />
            <source>System default (%1)</source>
            <translation>跟随系统（%1）</translation>
        </message>
    </context>
    <context>
        <name>lgm::ui::MainWindow</name>
        <message>
            <source>&amp;Plan: what fits, one step</source>
            <translation>规划(&amp;P)：能放下什么、一个训练步</translation>
        </message>
        <message>
            <location filename="../../ui/main_window.cpp" line="+43" />
            <source>LLM GPU Memory</source>
            <translation>LLM 显存计算器</translation>
        </message>
        <message>
            <location line="+11" />
            <location line="+138" />
            <source>&amp;Memory: model states vs activations</source>
            <translation>显存：模型状态与激活值(&amp;M)</translation>
        </message>
        <message>
            <location line="-137" />
            <location line="+138" />
            <source>&amp;Distributed: DDP, ZeRO, FSDP</source>
            <translation>分布式：DDP、ZeRO、FSDP(&amp;D)</translation>
        </message>
        <message>
            <location line="-123" />
            <location line="+125" />
            <source>Inputs</source>
            <translation>输入</translation>
        </message>
        <message>
            <location line="-117" />
            <location line="+118" />
            <source>Summary</source>
            <translation>摘要</translation>
        </message>
        <message>
            <location line="-38" />
            <location line="+40" />
            <source>&amp;File</source>
            <translation>文件(&amp;F)</translation>
        </message>
        <message>
            <location line="-38" />
            <location line="+47" />
            <source>&amp;Export chart…</source>
            <translation>导出图表(&amp;E)…</translation>
        </message>
        <message>
            <location line="-46" />
            <source>Ctrl+E</source>
            <translation>Ctrl+E</translation>
        </message>
        <message>
            <location line="+2" />
            <location line="+44" />
            <source>&amp;Copy chart image</source>
            <translation>复制图表图像(&amp;C)</translation>
        </message>
        <message>
            <location line="-43" />
            <source>Ctrl+Shift+C</source>
            <translation>Ctrl+Shift+C</translation>
        </message>
        <message>
            <location line="+2" />
            <location line="+41" />
            <source>&amp;Quit</source>
            <translation>退出(&amp;Q)</translation>
        </message>
        <message>
            <location line="-35" />
            <location line="+27" />
            <source>&amp;Edit</source>
            <translation>编辑(&amp;E)</translation>
        </message>
        <message>
            <location line="-25" />
            <location line="+34" />
            <source>Copy summary as &amp;Markdown</source>
            <translation>将摘要复制为 Markdown(&amp;M)</translation>
        </message>
        <message>
            <location line="-33" />
            <source>Ctrl+Shift+M</source>
            <translation>Ctrl+Shift+M</translation>
        </message>
        <message>
            <location line="+2" />
            <location line="+31" />
            <source>&amp;GPU capacities…</source>
            <translation>GPU 容量(&amp;G)…</translation>
        </message>
        <message>
            <location line="-14" />
            <source>Fo&amp;rmulas: the derivation</source>
            <translation>公式：推导过程(&amp;R)</translation>
        </message>
        <message>
            <location line="+3" />
            <source>Presets</source>
            <translation>预设</translation>
        </message>
        <message>
            <location line="+3" />
            <location line="+212" />
            <source>&amp;View</source>
            <translation>视图(&amp;V)</translation>
        </message>
        <message>
            <location line="-171" />
            <source>Export…</source>
            <translation>导出…</translation>
        </message>
        <message>
            <location line="+1" />
            <source>Copy image</source>
            <translation>复制图像</translation>
        </message>
        <message>
            <location line="+90" />
            <source>&lt;p&gt;&lt;b&gt;Activations&lt;/b&gt; are those of the local micro-batch b on each GPU: none of these strategies shards them.&lt;/p&gt;</source>
            <translation>&lt;p&gt;&lt;b&gt;激活值&lt;/b&gt;属于每个 GPU 上的本地微批次 b：这些策略都不会对它们分片。&lt;/p&gt;</translation>
        </message>
        <message>
            <location line="+26" />
            <source>Export chart</source>
            <translation>导出图表</translation>
        </message>
        <message>
            <location line="+3" />
            <source>Saved %1</source>
            <translation>已保存 %1</translation>
        </message>
        <message>
            <location line="+5" />
            <source>Chart image copied</source>
            <translation>图表图像已复制</translation>
        </message>
        <message>
            <location line="+6" />
            <source>GPU capacities</source>
            <translation>GPU 容量</translation>
        </message>
        <message>
            <location line="+0" />
            <source>One GPU per line: size in GB (10⁹ bytes), then its name.</source>
            <translation>每行一个 GPU：先写容量（GB，10⁹ 字节），再写名称。</translation>
        </message>
        <message>
            <location line="-170" />
            <source>&amp;Compare</source>
            <translation>对比(&amp;C)</translation>
        </message>
        <message>
            <location line="+3" />
            <source>Compare</source>
            <translation>对比</translation>
        </message>
        <message>
            <location line="+225" />
            <source>Reference: %1</source>
            <translation>参考：%1</translation>
        </message>
        <message>
            <source>Not current: the charts show the last accepted input.
%1</source>
            <translation>不是当前值：图表显示的是上一次被接受的输入。
%1</translation>
        </message>
        <message>
            <source>Inputs drawer</source>
            <translation>输入抽屉</translation>
        </message>
    </context>
    <context>
        <name>lgm::ui::MemoryVsBatchChart</name>
        <message>
            <source>activations and transients at the peak</source>
            <translation>峰值时的激活与临时量</translation>
        </message>
        <message>
            <source>model states and buffers</source>
            <translation>模型状态与缓冲区</translation>
        </message>
        <message>
            <source>peak per GPU</source>
            <translation>每 GPU 峰值</translation>
        </message>
        <message>
            <source>now: b = %1
peak %2</source>
            <translation>当前：b = %1
峰值 %2</translation>
        </message>
        <message>
            <source>largest b on %1: %2</source>
            <translation>%1 上最大的 b：%2</translation>
        </message>
        <message>
            <source>b ≤ %1</source>
            <translation>b ≤ %1</translation>
        </message>
        <message>
            <location filename="../../ui/memory_vs_batch_chart.cpp" line="+15" />
            <source>Memory vs batch size b</source>
            <translation>显存随批大小 b 的变化</translation>
        </message>
        <message>
            <location line="+1" />
            <source>batch size b (sequences)</source>
            <translation>批大小 b（序列数）</translation>
        </message>
        <message>
            <location line="+1" />
            <source>activations (grow linearly in b)</source>
            <translation>激活值（随 b 线性增长）</translation>
        </message>
        <message>
            <location line="+1" />
            <source>model states (flat)</source>
            <translation>模型状态（恒定）</translation>
        </message>
        <message>
            <location line="+1" />
            <source>total</source>
            <translation>总计</translation>
        </message>
        <message>
            <location line="+90" />
            <source>activations = model states
b ≈ %1</source>
            <translation>激活值 = 模型状态
b ≈ %1</translation>
        </message>
        <message>
            <location line="+3" />
            <source>memory</source>
            <translation>显存</translation>
        </message>
        <message>
            <location line="+6" />
            <source>now: b = %1
total %2</source>
            <translation>当前：b = %1
总计 %2</translation>
        </message>
    </context>
    <context>
        <name>lgm::ui::MemoryVsSeqChart</name>
        <message>
            <source>attention, linear part</source>
            <translation>注意力，线性项</translation>
        </message>
        <message>
            <source>+ feed-forward</source>
            <translation>+ 前馈网络</translation>
        </message>
        <message>
            <source>attention, linear %1</source>
            <translation>注意力，线性项 %1</translation>
        </message>
        <message>
            <source>+ feed-forward %1</source>
            <translation>+ 前馈网络 %1</translation>
        </message>
        <message>
            <source>+ attention s² %1</source>
            <translation>+ 注意力 s² 项 %1</translation>
        </message>
        <message>
            <source>longest s on %1: %2</source>
            <translation>%1 上最长的 s：%2</translation>
        </message>
        <message>
            <source>s ≤ %1</source>
            <translation>s ≤ %1</translation>
        </message>
        <message>
            <location filename="../../ui/memory_vs_seq_chart.cpp" line="+26" />
            <source>Memory vs context length s</source>
            <translation>显存随上下文长度 s 的变化</translation>
        </message>
        <message>
            <location line="+1" />
            <source>context length s (tokens, log scale)</source>
            <translation>上下文长度 s（词元数，对数坐标）</translation>
        </message>
        <message>
            <location line="+1" />
            <source>attention, linear 6bsd</source>
            <translation>注意力，线性项 6bsd</translation>
        </message>
        <message>
            <location line="+1" />
            <source>+ feed-forward bs(2d+2f)</source>
            <translation>+ 前馈网络 bs(2d+2f)</translation>
        </message>
        <message>
            <location line="+1" />
            <source>+ attention s² 2bhs²</source>
            <translation>+ 注意力 s² 项 2bhs²</translation>
        </message>
        <message>
            <location line="+1" />
            <source>model states</source>
            <translation>模型状态</translation>
        </message>
        <message>
            <location line="+1" />
            <source>total</source>
            <translation>总计</translation>
        </message>
        <message>
            <location line="+88" />
            <source>memory</source>
            <translation>显存</translation>
        </message>
        <message>
            <location line="+6" />
            <source>now: s = %1
total %2</source>
            <translation>当前：s = %1
总计 %2</translation>
        </message>
        <message>
            <location line="+22" />
            <source>crossover
s ≈ %1</source>
            <translation>交叉点
s ≈ %1</translation>
        </message>
        <message>
            <source>layer activations</source>
            <translation>各层激活</translation>
        </message>
        <message>
            <source>+ embedding, logits, loss, transient</source>
            <translation>+ 嵌入、logits、损失、临时量</translation>
        </message>
        <message>
            <source>model states and buffers</source>
            <translation>模型状态与缓冲区</translation>
        </message>
        <message>
            <source>peak per GPU</source>
            <translation>每 GPU 峰值</translation>
        </message>
        <message>
            <source>peak with flash attention</source>
            <translation>flash 注意力下的峰值</translation>
        </message>
        <message>
            <source>peak with eager attention</source>
            <translation>eager 注意力下的峰值</translation>
        </message>
        <message>
            <source>now: s = %1
peak %2</source>
            <translation>当前：s = %1
峰值 %2</translation>
        </message>
    </context>
    <context>
        <name>lgm::ui::PerGpuChart</name>
        <message>
            <location filename="../../ui/per_gpu_chart.cpp" line="+14" />
            <source>Per-GPU memory vs number of GPUs N</source>
            <translation>每个 GPU 的显存随 GPU 数 N 的变化</translation>
        </message>
        <message>
            <location line="+1" />
            <source>GPUs N (log₂ scale)</source>
            <translation>GPU 数 N（log₂ 坐标）</translation>
        </message>
        <message>
            <source>%1: %2</source>
            <translation>%1：%2</translation>
        </message>
        <message>
            <location line="+32" />
            <source>%1 (current)</source>
            <translation>%1（当前）</translation>
        </message>
        <message>
            <location line="+36" />
            <source>memory per GPU</source>
            <translation>每个 GPU 的显存</translation>
        </message>
        <message>
            <location line="+5" />
            <source>now: N = %1
%2 per GPU</source>
            <translation>当前：N = %1
每个 GPU %2</translation>
        </message>
    </context>
    <context>
        <name>lgm::ui::PresentationMode</name>
        <message>
            <location filename="../../ui/presentation_mode.cpp" line="+80" />
            <source>&amp;Presentation mode</source>
            <translation>演示模式(&amp;P)</translation>
        </message>
        <message>
            <location line="+1" />
            <source>Full screen, larger text, high-contrast charts (F11)</source>
            <translation>全屏、放大文字、高对比度图表（F11）</translation>
        </message>
        <message>
            <location line="+2" />
            <location line="+7" />
            <source>Presentation &amp;scale</source>
            <translation>演示缩放比例(&amp;S)</translation>
        </message>
        <message>
            <location line="-6" />
            <location line="+15" />
            <source>&amp;Maximise chart</source>
            <translation>最大化图表(&amp;M)</translation>
        </message>
        <message>
            <location line="+14" />
            <source>Formula panel</source>
            <translation>公式面板</translation>
        </message>
        <message>
            <location line="+5" />
            <source>Show all (Esc)</source>
            <translation>全部显示（Esc）</translation>
        </message>
    </context>
    <context>
        <name>lgm::ui::PresetSelector</name>
        <message>
            <location filename="../../ui/preset_selector.cpp" line="+86" />
            <source>&amp;Presets</source>
            <translation>预设(&amp;P)</translation>
        </message>
        <message>
            <location line="+1" />
            <source>custom model</source>
            <translation>自定义模型</translation>
        </message>
        <message>
            <location line="+19" />
            <source>%1: d = %2, L = %3, h = %4, f = %5, s = %6, P = %7, v = %8 (%9)</source>
            <translation>%1：d = %2，L = %3，h = %4，f = %5，s = %6，P = %7，v = %8（%9）</translation>
        </message>
        <message>
            <location line="+40" />
            <source>Load the shape (v, d, L, h, f, s, P) of a published model; the batch, precision and strategy are kept.</source>
            <translation>载入某个已发表模型的结构（v、d、L、h、f、s、P）；批大小、精度和分布式策略保持不变。</translation>
        </message>
        <message>
            <source>%1 parameters</source>
            <translation>%1 个参数</translation>
        </message>
        <message>
            <source>%1 active</source>
            <translation>其中 %1 个激活</translation>
        </message>
        <message>
            <source>Load the architecture and shape of a published model; the batch, precision and strategy are kept.</source>
            <translation>载入某个已发表模型的架构和结构；批大小、精度和分布式策略保持不变。</translation>
        </message>
    </context>
    <context>
        <name>lgm::ui::RatioChart</name>
        <message>
            <source>Ratio of activations to model states (lecture note)</source>
            <translation>激活值与模型状态之比（讲义）</translation>
        </message>
        <message>
            <location filename="../../ui/ratio_chart.cpp" line="+29" />
            <source>Ratio of activations to model states</source>
            <translation>激活值与模型状态之比</translation>
        </message>
        <message>
            <location line="+1" />
            <source>context length s (tokens, log scale)</source>
            <translation>上下文长度 s（词元数，对数坐标）</translation>
        </message>
        <message>
            <location line="+1" />
            <source>ratio (log scale)</source>
            <translation>比值（对数坐标）</translation>
        </message>
        <message>
            <location line="+1" />
            <source>ratio b(s/3d + hs²/24d²)</source>
            <translation>比值 b(s/3d + hs²/24d²)</translation>
        </message>
        <message>
            <location line="+1" />
            <source>linear term b·s/3d</source>
            <translation>线性项 b·s/3d</translation>
        </message>
        <message>
            <location line="+1" />
            <source>quadratic term b·hs²/24d²</source>
            <translation>二次项 b·hs²/24d²</translation>
        </message>
        <message>
            <location line="+1" />
            <source>ratio = 1: activations = model states</source>
            <translation>比值 = 1：激活值 = 模型状态</translation>
        </message>
        <message>
            <location line="+77" />
            <source>s* ≈ %1</source>
            <translation>s* ≈ %1</translation>
        </message>
        <message>
            <location line="+9" />
            <source>s = 8d/h = %1
s² term takes over</source>
            <translation>s = 8d/h = %1
s² 项开始占主导</translation>
        </message>
        <message>
            <location line="+9" />
            <source>now: %1 at s = %2</source>
            <translation>当前：s = %2 时为 %1</translation>
        </message>
    </context>
    <context>
        <name>lgm::ui::ScenarioActions</name>
        <message>
            <location filename="../../ui/scenario_actions.cpp" line="+83" />
            <source>&amp;Open scenario…</source>
            <translation>打开场景(&amp;O)…</translation>
        </message>
        <message>
            <location line="+1" />
            <source>&amp;Save scenario</source>
            <translation>保存场景(&amp;S)</translation>
        </message>
        <message>
            <location line="+1" />
            <source>Save scenario &amp;as…</source>
            <translation>场景另存为(&amp;A)…</translation>
        </message>
        <message>
            <location line="+1" />
            <source>Open &amp;recent</source>
            <translation>最近打开(&amp;R)</translation>
        </message>
        <message>
            <location line="+1" />
            <source>Load every input (model, batch, precision, strategy) from a scenario file.</source>
            <translation>从场景文件载入全部输入（模型、批大小、精度、分布式策略）。</translation>
        </message>
        <message>
            <location line="+18" />
            <location line="+33" />
            <source>Open scenario</source>
            <translation>打开场景</translation>
        </message>
        <message>
            <location line="-17" />
            <location line="+26" />
            <source>Save scenario</source>
            <translation>保存场景</translation>
        </message>
        <message>
            <location line="-22" />
            <source>Saved %1</source>
            <translation>已保存 %1</translation>
        </message>
        <message>
            <location line="+15" />
            <source>Scenario files (*.json);;All files (*)</source>
            <translation>场景文件 (*.json);;所有文件 (*)</translation>
        </message>
        <message>
            <location line="+8" />
            <source>Scenario files (*.json)</source>
            <translation>场景文件 (*.json)</translation>
        </message>
        <message>
            <location line="+18" />
            <source>untitled scenario</source>
            <translation>未命名场景</translation>
        </message>
        <message>
            <location line="+2" />
            <source>%1[*] — LLM GPU Memory</source>
            <translation>%1[*] — LLM 显存计算器</translation>
        </message>
        <message>
            <source>&amp;Import Hugging Face config…</source>
            <translation>导入 Hugging Face 配置(&amp;I)…</translation>
        </message>
        <message>
            <source>Set the model inputs from a model&apos;s config.json; the batch, precision and strategy are kept.</source>
            <translation>用模型的 config.json 设置模型输入；批大小、精度和分布式策略保持不变。</translation>
        </message>
        <message>
            <source>Import Hugging Face config</source>
            <translation>导入 Hugging Face 配置</translation>
        </message>
        <message>
            <source>Imported %1 (model_type %2)</source>
            <translation>已导入 %1（model_type %2）</translation>
        </message>
        <message>
            <source>s = %1 is above the model&apos;s maximum of %2 positions</source>
            <translation>s = %1 超过了该模型的最大位置数 %2</translation>
        </message>
        <message>
            <source>Model configs (config.json *.json);;All files (*)</source>
            <translation>模型配置 (config.json *.json);;所有文件 (*)</translation>
        </message>
        <message>
            <source>Import &amp;DeepSpeed config…</source>
            <translation>导入 DeepSpeed 配置(&amp;D)…</translation>
        </message>
        <message>
            <source>Set the ZeRO stage and offload, precision, batch sizes, optimizer and activation checkpointing from a DeepSpeed config JSON; the model is kept.</source>
            <translation>从 DeepSpeed 配置 JSON 设置 ZeRO 阶段与卸载、精度、批大小、优化器和激活检查点；模型保持不变。</translation>
        </message>
        <message>
            <source>Import DeepSpeed config</source>
            <translation>导入 DeepSpeed 配置</translation>
        </message>
        <message>
            <source>Cannot use the DeepSpeed config %1: %2</source>
            <translation>无法使用 DeepSpeed 配置 %1：%2</translation>
        </message>
        <message>
            <source>Imported %1</source>
            <translation>已导入 %1</translation>
        </message>
        <message>
            <source>ignored %1</source>
            <translation>已忽略 %1</translation>
        </message>
        <message>
            <source>DeepSpeed configs (*.json);;All files (*)</source>
            <translation>DeepSpeed 配置 (*.json);;所有文件 (*)</translation>
        </message>
    </context>
    <context>
        <name>lgm::ui::StrategyBreakdownChart</name>
        <message>
            <source>Per GPU at the current N, by strategy (lecture note)</source>
            <translation>当前 N 下各策略的每 GPU 显存（讲义）</translation>
        </message>
        <message>
            <location filename="../../ui/strategy_breakdown_chart.cpp" line="+36" />
            <source>Per GPU at the current N, by strategy</source>
            <translation>当前 N 下各策略的每 GPU 显存</translation>
        </message>
        <message>
            <location line="+1" />
            <source>parameters (own shard)</source>
            <translation>参数（本 GPU 分片）</translation>
        </message>
        <message>
            <location line="+1" />
            <source>gathered FSDP units (2 layers)</source>
            <translation>已收集的 FSDP 单元（2 层）</translation>
        </message>
        <message>
            <location line="+1" />
            <source>gradients</source>
            <translation>梯度</translation>
        </message>
        <message>
            <location line="+1" />
            <source>DDP bucket copy</source>
            <translation>DDP 梯度桶副本</translation>
        </message>
        <message>
            <location line="+1" />
            <source>optimizer (Adam)</source>
            <translation>优化器状态（Adam）</translation>
        </message>
        <message>
            <location line="+1" />
            <source>activations (local b)</source>
            <translation>激活值（本地 b）</translation>
        </message>
        <message>
            <location line="+105" />
            <source>▶%1</source>
            <translation>▶%1</translation>
        </message>
        <message>
            <location line="+18" />
            <source>memory per GPU</source>
            <translation>每个 GPU 的显存</translation>
        </message>
    </context>
    <context>
        <name>lgm::ui::SummaryPanel</name>
        <message>
            <source>approx (the layers&apos; matrices)</source>
            <translation>近似（各层的矩阵）</translation>
        </message>
        <message>
            <source>attention, linear part</source>
            <translation>注意力，线性项</translation>
        </message>
        <message>
            <source>attention, s² part</source>
            <translation>注意力，s² 项</translation>
        </message>
        <message>
            <source>Model states (%1 trainable parameters)</source>
            <translation>模型状态（%1 个可训练参数）</translation>
        </message>
        <message>
            <source>optimizer (%1)</source>
            <translation>优化器状态（%1）</translation>
        </message>
        <message>
            <source>Per GPU, lecture note: %1 on one GPU</source>
            <translation>每个 GPU（讲义）：%1，仅 1 个 GPU</translation>
        </message>
        <message>
            <source>Per GPU, lecture note: %1 on %2 GPUs</source>
            <translation>每个 GPU（讲义）：%1，共 %2 个 GPU</translation>
        </message>
        <message>
            <source>approx %1</source>
            <translation>近似 %1</translation>
        </message>
        <message>
            <source>attention %1</source>
            <translation>注意力 %1</translation>
        </message>
        <message>
            <location filename="../../ui/summary_panel.cpp" line="+60" />
            <source>Parameters Ψ</source>
            <translation>参数量 Ψ</translation>
        </message>
        <message>
            <location line="+1" />
            <source>exact</source>
            <translation>精确</translation>
        </message>
        <message>
            <location line="+3" />
            <source>approx 12Ld²</source>
            <translation>近似 12Ld²</translation>
        </message>
        <message>
            <location line="+4" />
            <source>attention share</source>
            <translation>注意力占比</translation>
        </message>
        <message>
            <location line="+2" />
            <source>feed-forward share</source>
            <translation>前馈网络占比</translation>
        </message>
        <message>
            <location line="+2" />
            <source>embedding share</source>
            <translation>嵌入占比</translation>
        </message>
        <message>
            <location line="+6" />
            <source>Model states (%1 bytes per parameter)</source>
            <translation>模型状态（每个参数 %1 字节）</translation>
        </message>
        <message>
            <location line="+1" />
            <source>parameters</source>
            <translation>参数</translation>
        </message>
        <message>
            <location line="+1" />
            <source>gradients</source>
            <translation>梯度</translation>
        </message>
        <message>
            <location line="+1" />
            <source>optimizer (Adam)</source>
            <translation>优化器状态（Adam）</translation>
        </message>
        <message>
            <location line="+2" />
            <location line="+35" />
            <source>model states</source>
            <translation>模型状态</translation>
        </message>
        <message>
            <location line="-33" />
            <source>Activations (%1 bytes per element)</source>
            <translation>激活值（每个元素 %1 字节）</translation>
        </message>
        <message>
            <location line="+1" />
            <source>attention 6bsd</source>
            <translation>注意力 6bsd</translation>
        </message>
        <message>
            <location line="+2" />
            <source>attention 2bhs²</source>
            <translation>注意力 2bhs²</translation>
        </message>
        <message>
            <location line="+2" />
            <source>feed-forward</source>
            <translation>前馈网络</translation>
        </message>
        <message>
            <location line="+1" />
            <source>activations</source>
            <translation>激活值</translation>
        </message>
        <message>
            <location line="+1" />
            <source>One GPU, no sharding</source>
            <translation>单 GPU，不分片</translation>
        </message>
        <message>
            <location line="+1" />
            <source>total</source>
            <translation>总计</translation>
        </message>
        <message>
            <location line="+4" />
            <source>Activations ÷ model states</source>
            <translation>激活值 ÷ 模型状态</translation>
        </message>
        <message>
            <location line="+1" />
            <source>ratio (these settings)</source>
            <translation>比值（当前设置）</translation>
        </message>
        <message>
            <location line="+2" />
            <source>b(s/3d + hs²/24d²)</source>
            <translation>b(s/3d + hs²/24d²)</translation>
        </message>
        <message>
            <location line="+2" />
            <source>s* (formula = 1)</source>
            <translation>s*（公式 = 1）</translation>
        </message>
        <message>
            <location line="+2" />
            <source>b* (formula = 1)</source>
            <translation>b*（公式 = 1）</translation>
        </message>
        <message>
            <location line="+2" />
            <source>s = 8d/h (s² term wins)</source>
            <translation>s = 8d/h（s² 项占优）</translation>
        </message>
        <message>
            <location line="+7" />
            <source>Per GPU: %1 on %2 GPUs</source>
            <translation>每个 GPU：%1，共 %2 个 GPU</translation>
        </message>
        <message>
            <location line="+3" />
            <source>global batch N·b</source>
            <translation>全局批大小 N·b</translation>
        </message>
        <message>
            <location line="+5" />
            <source>of which %1 gathered units</source>
            <translation>其中 %1 个已收集的单元</translation>
        </message>
        <message>
            <location line="+4" />
            <source>of which bucket copy</source>
            <translation>其中梯度桶副本</translation>
        </message>
        <message>
            <location line="+3" />
            <source>activations (not sharded)</source>
            <translation>激活值（不分片）</translation>
        </message>
        <message>
            <location line="+2" />
            <source>per-GPU total</source>
            <translation>每个 GPU 总计</translation>
        </message>
        <message>
            <location line="+5" />
            <source>fits, %1 free</source>
            <translation>放得下，剩余 %1</translation>
        </message>
        <message>
            <location line="+1" />
            <source>does not fit: %1 over</source>
            <translation>放不下：超出 %1</translation>
        </message>
        <message>
            <location line="+1" />
            <source>on %1</source>
            <translation>%1 上</translation>
        </message>
        <message>
            <location line="+44" />
            <source>Copy as &amp;Markdown</source>
            <translation>复制为 Markdown(&amp;M)</translation>
        </message>
        <message>
            <location line="+1" />
            <source>Copy the summary as a Markdown table, for notes and slides.</source>
            <translation>把摘要复制为 Markdown 表格，用于笔记和幻灯片。</translation>
        </message>
        <message>
            <location line="+93" />
            <source>reference</source>
            <translation>参考</translation>
        </message>
        <message>
            <location line="+0" />
            <source>now</source>
            <translation>当前</translation>
        </message>
        <message>
            <location line="+0" />
            <source>change</source>
            <translation>变化</translation>
        </message>
        <message>
            <location line="+84" />
            <source>| quantity | reference | now | change |</source>
            <translation>| 量 | 参考 | 当前 | 变化 |</translation>
        </message>
        <message>
            <location line="+9" />
            <source>| quantity | value |</source>
            <translation>| 量 | 值 |</translation>
        </message>
        <message>
            <source>approx L(4d² + 2df)</source>
            <translation>近似 L(4d² + 2df)</translation>
        </message>
        <message>
            <source>Per GPU: %1 on one GPU</source>
            <translation>每个 GPU：%1，仅 1 个 GPU</translation>
        </message>
        <message>
            <source>Not current: the last accepted input</source>
            <translation>不是当前值：显示的是上一次被接受的输入</translation>
        </message>
        <message>
            <source>active per token</source>
            <translation>每个词元激活的参数</translation>
        </message>
        <message>
            <source>experts share</source>
            <translation>专家占比</translation>
        </message>
        <message>
            <source>LM head share</source>
            <translation>输出头占比</translation>
        </message>
        <message>
            <source>trainable (adapters)</source>
            <translation>可训练（适配器）</translation>
        </message>
        <message>
            <source>frozen base</source>
            <translation>冻结的基座</translation>
        </message>
        <message>
            <source>trainable share</source>
            <translation>可训练占比</translation>
        </message>
        <message>
            <source>CPU memory per GPU</source>
            <translation>每 GPU 的 CPU 内存</translation>
        </message>
        <message>
            <source>of which pinned</source>
            <translation>其中锁页内存</translation>
        </message>
        <message>
            <source>CPU memory per node</source>
            <translation>每节点的 CPU 内存</translation>
        </message>
        <message>
            <source>global batch N·b·k</source>
            <translation>全局批大小 N·b·k</translation>
        </message>
    </context>
    <context>
        <name>lgm::ui::InputRules</name>
        <message>
            <source>h should divide d: each head takes d/h dimensions of the embedding.</source>
            <translation>h 应整除 d：每个头占嵌入的 d/h 维。</translation>
        </message>
        <message>
            <source>h does not divide d: d = %1 is not a multiple of h = %2, so d/h is not a whole head size; change d or h, or unlock head_dim and give it</source>
            <translation>h 不能整除 d：d = %1 不是 h = %2 的倍数，因此 d/h 不是整数的头维度；请修改 d 或 h，或取消锁定 head_dim 并直接给出</translation>
        </message>
    </context>
    <context>
        <name>DeepSpeedConfig</name>
        <message>
            <location filename="../../core/deepspeed_config.cpp" line="+1" />
            <source>DeepSpeed config: "%1" must be an object</source>
            <translation>DeepSpeed 配置：“%1”必须是一个对象</translation>
        </message>
        <message>
            <location line="+1" />
            <source>DeepSpeed config: "%1" must be a whole number from 1 to %2, or "auto"</source>
            <translation>DeepSpeed 配置：“%1”必须是 1 到 %2 之间的整数，或 "auto"</translation>
        </message>
        <message>
            <location line="+1" />
            <source>DeepSpeed config: "%1" must be true, false or "auto"</source>
            <translation>DeepSpeed 配置：“%1”必须是 true、false 或 "auto"</translation>
        </message>
        <message>
            <location line="+1" />
            <source>DeepSpeed config: "%1" must be "none" or "cpu"</source>
            <translation>DeepSpeed 配置：“%1”必须是 "none" 或 "cpu"</translation>
        </message>
        <message>
            <location line="+1" />
            <source>DeepSpeed config: "%1" must be 0, 1, 2 or 3</source>
            <translation>DeepSpeed 配置：“%1”必须是 0、1、2 或 3</translation>
        </message>
        <message>
            <location line="+1" />
            <source>DeepSpeed config: "%1" needs offload_optimizer on the CPU as well</source>
            <translation>DeepSpeed 配置：“%1”要求 offload_optimizer 也卸载到 CPU</translation>
        </message>
        <message>
            <location line="+1" />
            <source>DeepSpeed config: "%1" and fp16.enabled are both true</source>
            <translation>DeepSpeed 配置：“%1”与 fp16.enabled 同时为 true</translation>
        </message>
        <message>
            <location line="+1" />
            <source>DeepSpeed config: "%1" names an optimizer the estimate does not model (valid: Adam, AdamW, Lion, SGD, Adafactor)</source>
            <translation>DeepSpeed 配置：“%1”指定的优化器不在估算范围内（可用：Adam、AdamW、Lion、SGD、Adafactor）</translation>
        </message>
        <message>
            <location line="+1" />
            <source>DeepSpeed config: not a JSON object</source>
            <translation>DeepSpeed 配置：不是 JSON 对象</translation>
        </message>
        <message>
            <location line="+1" />
            <source>DeepSpeed config: "%1" needs zero_optimization.stage 3</source>
            <translation>DeepSpeed 配置：“%1”要求 zero_optimization.stage 为 3</translation>
        </message>
        <message>
            <location line="+1" />
            <source>DeepSpeed config: "%1" needs a ZeRO stage of at least 1</source>
            <translation>DeepSpeed 配置：“%1”要求 ZeRO stage 至少为 1</translation>
        </message>
        <message>
            <location line="+1" />
            <source>DeepSpeed config: "%1" (%2) is not micro-batch %3 × accumulation %4 × %5 GPUs</source>
            <translation>DeepSpeed 配置：“%1”（%2）不等于微批 %3 × 累积 %4 × %5 个 GPU</translation>
        </message>
        <message>
            <source>Cannot use the DeepSpeed config %1: %2</source>
            <translation>无法使用 DeepSpeed 配置 %1：%2</translation>
        </message>
    </context>
    <context>
        <name>InputError</name>
        <message>
            <location filename="../../core/input_error.cpp" line="+38" />
            <location line="+43" />
            <source>a whole number from %1 to %2</source>
            <translation>%1 到 %2 之间的整数</translation>
        </message>
        <message>
            <location line="-35" />
            <location line="+36" />
            <source>%1 must be %2</source>
            <translation>%1 必须是%2</translation>
        </message>
        <message>
            <location line="-21" />
            <location line="+22" />
            <source> (%1: %2)</source>
            <translation>（%1：%2）</translation>
        </message>
        <message>
            <location line="-17" />
            <location line="+18" />
            <source>the %1 of this configuration exceed 2^63 bytes and cannot be represented; lower %2 (%3)</source>
            <translation>该配置的%1超过 2^63 字节，无法表示；请减小 %2（%3）</translation>
        </message>
        <message>
            <location line="+2" />
            <source>model states</source>
            <translation>模型状态</translation>
        </message>
        <message>
            <location line="+1" />
            <source>activations</source>
            <translation>激活值</translation>
        </message>
        <message>
            <location line="+1" />
            <source>total memory</source>
            <translation>总显存</translation>
        </message>
        <message>
            <location line="+1" />
            <source>per-GPU memory</source>
            <translation>每个 GPU 的显存</translation>
        </message>
        <message>
            <source>a probability P with 0 ≤ P &lt; 1, at most 3 decimals</source>
            <translation>概率 P，0 ≤ P &lt; 1，最多 3 位小数</translation>
        </message>
        <message>
            <source>the parallel layout does not fit: %1</source>
            <translation>并行布局不匹配：%1</translation>
        </message>
    </context>
    <context>
        <name>InputRules</name>
        <message>
            <source>%1 (%3) × %2 (%4) × the micro-batch size is the global batch, which must stay below 2^63 sequences</source>
            <translation>%1（%3）× %2（%4）× 微批大小即全局批大小，必须小于 2^63 个序列</translation>
        </message>
        <message>
            <location filename="../../core/input_rules.cpp" line="+47" />
            <source>with fsdp-hybrid, %2 (%4) must be a multiple of %1 (%3) and at least as large</source>
            <translation>使用 fsdp-hybrid 时，%2（%4）必须是 %1（%3）的倍数且不小于它</translation>
        </message>
        <message>
            <location line="+4" />
            <source>%1 (%3) must divide %2 (%4)</source>
            <translation>%1（%3）必须整除 %2（%4）</translation>
        </message>
        <message>
            <location line="+2" />
            <location line="+2" />
            <source>%1 (%3) must be at most %2 (%4)</source>
            <translation>%1（%3）不能大于 %2（%4）</translation>
        </message>
        <message>
            <source>%1 optimizer needs a %2 that partitions the optimizer states: zero1, zero2, zero3 or an fsdp strategy</source>
            <translation>%1 optimizer 需要切分优化器状态的 %2：zero1、zero2、zero3 或 fsdp 策略</translation>
        </message>
        <message>
            <source>%1 optimizer+params needs a %2 that shards the weights: zero3, fsdp-full or fsdp-hybrid</source>
            <translation>%1 optimizer+params 需要切分权重的 %2：zero3、fsdp-full 或 fsdp-hybrid</translation>
        </message>
    </context>
    <context>
        <name>Inputs</name>
        <message>
            <location filename="../../core/input_table.cpp" line="+96" />
            <source>Architecture</source>
            <translation>架构</translation>
        </message>
        <message>
            <location line="+1" />
            <source>Model family; choosing one sets the norm, FFN, bias, position and head inputs to that family&apos;s layout</source>
            <translation>模型系列；选择后会把归一化、FFN、偏置、位置编码和输出头等输入设为该系列的结构</translation>
        </message>
        <message>
            <location line="+10" />
            <source>Vocabulary size v</source>
            <translation>词表大小 v</translation>
        </message>
        <message>
            <location line="+1" />
            <source>Tokens in the vocabulary: rows of the token embedding</source>
            <translation>词表中的词元数，即词嵌入表的行数</translation>
        </message>
        <message>
            <location line="+15" />
            <source>Embedding dimension d</source>
            <translation>嵌入维度 d</translation>
        </message>
        <message>
            <location line="+1" />
            <source>Width of the residual stream (hidden size)</source>
            <translation>残差流的宽度（隐藏层大小）</translation>
        </message>
        <message>
            <location line="+15" />
            <source>Transformer layers L</source>
            <translation>Transformer 层数 L</translation>
        </message>
        <message>
            <location line="+1" />
            <source>Number of transformer layers</source>
            <translation>Transformer 层的数量</translation>
        </message>
        <message>
            <location line="+15" />
            <source>Attention heads h</source>
            <translation>注意力头数 h</translation>
        </message>
        <message>
            <location line="+1" />
            <source>Query heads per layer</source>
            <translation>每层的查询头数</translation>
        </message>
        <message>
            <location line="+15" />
            <source>Key/value heads g</source>
            <translation>键/值头数 g</translation>
        </message>
        <message>
            <location line="+1" />
            <source>Key/value heads for grouped-query attention; must divide h</source>
            <translation>分组查询注意力的键/值头数；必须整除 h</translation>
        </message>
        <message>
            <location line="+15" />
            <source>Head dimension</source>
            <translation>头维度</translation>
        </message>
        <message>
            <location line="+1" />
            <source>Width of one attention head: Q and O are d × h·hd, K and V d × g·hd</source>
            <translation>单个注意力头的宽度：Q 和 O 为 d × h·hd，K 和 V 为 d × g·hd</translation>
        </message>
        <message>
            <location line="+16" />
            <source>Feed-forward dimension f</source>
            <translation>前馈网络隐藏层维度 f</translation>
        </message>
        <message>
            <location line="+1" />
            <source>Inner width of the feed-forward block</source>
            <translation>前馈模块的内部宽度</translation>
        </message>
        <message>
            <location line="+15" />
            <source>Position table rows P</source>
            <translation>位置编码表行数 P</translation>
        </message>
        <message>
            <location line="+1" />
            <source>Rows P of the learned position table, 0 = none</source>
            <translation>可学习位置编码表的行数 P，0 表示没有该表</translation>
        </message>
        <message>
            <location line="+9" />
            <source>FFN type</source>
            <translation>FFN 类型</translation>
        </message>
        <message>
            <location line="+1" />
            <source>plain: 2 matrices (GELU); gated: 3 matrices (SwiGLU, GeGLU)</source>
            <translation>plain：2 个矩阵（GELU）；gated：3 个矩阵（SwiGLU、GeGLU）</translation>
        </message>
        <message>
            <location line="+3" />
            <source>Norm</source>
            <translation>归一化</translation>
        </message>
        <message>
            <location line="+1" />
            <source>layernorm: gain and bias; rmsnorm: gain; none: no parameters</source>
            <translation>layernorm：增益和偏置；rmsnorm：仅增益；none：无参数</translation>
        </message>
        <message>
            <location line="+9" />
            <source>Norms per layer</source>
            <translation>每层归一化数</translation>
        </message>
        <message>
            <location line="+1" />
            <source>2, or 4 for sandwich norms (Gemma-2/3)</source>
            <translation>2，夹心归一化（Gemma-2/3）为 4</translation>
        </message>
        <message>
            <location line="+15" />
            <source>Final norm</source>
            <translation>最终归一化</translation>
        </message>
        <message>
            <location line="+1" />
            <source>A norm after the last layer</source>
            <translation>最后一层之后的归一化</translation>
        </message>
        <message>
            <location line="+9" />
            <source>Biases</source>
            <translation>偏置</translation>
        </message>
        <message>
            <location line="+1" />
            <source>all linears (GPT-2, NeoX), Q/K/V only (Qwen2) or none (Llama)</source>
            <translation>所有线性层（GPT-2、NeoX）、仅 Q/K/V（Qwen2）或无（Llama）</translation>
        </message>
        <message>
            <location line="+3" />
            <source>Positions</source>
            <translation>位置编码</translation>
        </message>
        <message>
            <location line="+1" />
            <source>learned: a table of P rows; rotary: no parameters</source>
            <translation>learned：P 行的位置编码表；rotary：无参数</translation>
        </message>
        <message>
            <location line="+9" />
            <source>Tied LM head</source>
            <translation>共享权重的输出头</translation>
        </message>
        <message>
            <location line="+1" />
            <source>The LM head shares the token embedding</source>
            <translation>语言模型输出头与词嵌入共享权重</translation>
        </message>
        <message>
            <location line="+15" />
            <source>Parallel residual</source>
            <translation>并行残差</translation>
        </message>
        <message>
            <location line="+1" />
            <source>Attention and MLP read the same input (NeoX, Pythia)</source>
            <translation>注意力和 MLP 读取同一输入（NeoX、Pythia）</translation>
        </message>
        <message>
            <location line="+9" />
            <source>QK-norm</source>
            <translation>QK 归一化</translation>
        </message>
        <message>
            <location line="+1" />
            <source>Norms on queries and keys: none, per-head (Qwen3) or full (OLMo-2)</source>
            <translation>查询和键上的归一化：无、逐头（Qwen3）或整体（OLMo-2）</translation>
        </message>
        <message>
            <location line="+10" />
            <source>Routed experts E</source>
            <translation>路由专家数 E</translation>
        </message>
        <message>
            <location line="+1" />
            <source>Routed experts per MoE layer; 1 = a dense model</source>
            <translation>每个 MoE 层的路由专家数；1 表示稠密模型</translation>
        </message>
        <message>
            <location line="+15" />
            <source>Experts per token k</source>
            <translation>每个词元的专家数 k</translation>
        </message>
        <message>
            <location line="+1" />
            <source>Routed experts each token passes through</source>
            <translation>每个词元经过的路由专家数</translation>
        </message>
        <message>
            <location line="+15" />
            <source>Expert width f_e</source>
            <translation>专家宽度 f_e</translation>
        </message>
        <message>
            <location line="+1" />
            <source>Inner width of one routed expert</source>
            <translation>单个路由专家的内部宽度</translation>
        </message>
        <message>
            <location line="+15" />
            <source>Shared experts</source>
            <translation>共享专家数</translation>
        </message>
        <message>
            <location line="+1" />
            <source>Experts every token passes through</source>
            <translation>每个词元都经过的专家数</translation>
        </message>
        <message>
            <location line="+15" />
            <source>Shared expert width</source>
            <translation>共享专家宽度</translation>
        </message>
        <message>
            <location line="+1" />
            <source>Inner width of each shared expert</source>
            <translation>每个共享专家的内部宽度</translation>
        </message>
        <message>
            <location line="+15" />
            <source>Shared expert gate</source>
            <translation>共享专家门控</translation>
        </message>
        <message>
            <location line="+1" />
            <source>A sigmoid gate d → 1 on the shared experts (Qwen2-MoE)</source>
            <translation>共享专家上的 sigmoid 门控 d → 1（Qwen2-MoE）</translation>
        </message>
        <message>
            <location line="+15" />
            <source>Router bias</source>
            <translation>路由器偏置</translation>
        </message>
        <message>
            <location line="+1" />
            <source>The router d × E has a bias</source>
            <translation>路由器 d × E 带偏置</translation>
        </message>
        <message>
            <location line="+15" />
            <source>First dense layers</source>
            <translation>前部稠密层数</translation>
        </message>
        <message>
            <location line="+1" />
            <source>The first n layers keep a dense FFN of width f</source>
            <translation>前 n 层保留宽度为 f 的稠密 FFN</translation>
        </message>
        <message>
            <location line="+15" />
            <source>Attention sinks</source>
            <translation>注意力汇聚（sinks）</translation>
        </message>
        <message>
            <location line="+1" />
            <source>One learned logit per query head and layer that softmax attends to (gpt-oss): h parameters per layer</source>
            <translation>每层每个查询头一个供 softmax 关注的可学习 logit（gpt-oss）：每层 h 个参数</translation>
        </message>
        <message>
            <location line="+15" />
            <source>Context length s</source>
            <translation>上下文长度 s</translation>
        </message>
        <message>
            <location line="+1" />
            <source>Tokens per sequence</source>
            <translation>每个序列的词元数</translation>
        </message>
        <message>
            <location line="+15" />
            <source>Micro-batch size b</source>
            <translation>微批次大小 b</translation>
        </message>
        <message>
            <location line="+1" />
            <source>Micro-batch size b, sequences per GPU</source>
            <translation>微批次大小 b，即每个 GPU 上的序列数</translation>
        </message>
        <message>
            <location line="+9" />
            <source>Precision</source>
            <translation>精度</translation>
        </message>
        <message>
            <location line="+0" />
            <source>Numeric format</source>
            <translation>数值格式</translation>
        </message>
        <message>
            <location line="+9" />
            <source>fp32 gradients</source>
            <translation>fp32 梯度</translation>
        </message>
        <message>
            <location line="+1" />
            <source>Keep gradients in fp32 under mixed precision (4 bytes, not 2)</source>
            <translation>混合精度下梯度保持 fp32（4 字节而非 2 字节）</translation>
        </message>
        <message>
            <location line="+9" />
            <source>Parameter count</source>
            <translation>参数计数</translation>
        </message>
        <message>
            <location line="+1" />
            <source>exact: every parameter; approx: the layers&apos; weight matrices (12Ld² for GPT-2)</source>
            <translation>exact：全部参数；approx：仅各层的权重矩阵（GPT-2 为 12Ld²）</translation>
        </message>
        <message>
            <location line="+4" />
            <source>Strategy</source>
            <translation>策略</translation>
        </message>
        <message>
            <location line="+0" />
            <source>Distribution over GPUs</source>
            <translation>在多个 GPU 上的分布方式</translation>
        </message>
        <message>
            <location line="+9" />
            <source>GPUs N</source>
            <translation>GPU 数 N</translation>
        </message>
        <message>
            <location line="+1" />
            <source>Number of GPUs N</source>
            <translation>GPU 数量 N</translation>
        </message>
        <message>
            <location line="+15" />
            <source>GPUs per node G</source>
            <translation>每节点 GPU 数 G</translation>
        </message>
        <message>
            <location line="+1" />
            <source>GPUs per node G, the shard group of fsdp-hybrid</source>
            <translation>每个节点的 GPU 数 G，即 fsdp-hybrid 的分片组</translation>
        </message>
        <message>
            <location line="+15" />
            <source>DDP bucket copy</source>
            <translation>DDP 梯度桶副本</translation>
        </message>
        <message>
            <location line="+1" />
            <source>Count PyTorch DDP&apos;s gradient-bucket copy (off: gradient_as_bucket_view=True)</source>
            <translation>计入 PyTorch DDP 的梯度桶副本（关闭时相当于 gradient_as_bucket_view=True）</translation>
        </message>
        <message>
            <source>Accounting</source>
            <translation>核算方式</translation>
        </message>
        <message>
            <source>seed: the lecture note&apos;s formulas; detailed: the tensors, states and buffers a real training stack keeps</source>
            <translation>seed：讲义公式；detailed：真实训练框架保存的张量、状态与缓冲区</translation>
        </message>
        <message>
            <source>Implementation</source>
            <translation>实现</translation>
        </message>
        <message>
            <source>Whose saved tensors and model-state bytes the detailed accounting counts: Megatron-LM or HF Transformers</source>
            <translation>详细核算按谁的保存张量与模型状态字节计算：Megatron-LM 或 HF Transformers</translation>
        </message>
        <message>
            <source>Attention kernel</source>
            <translation>注意力内核</translation>
        </message>
        <message>
            <source>eager keeps the s² scores and softmax; flash (and SDPA&apos;s memory-efficient kernel) keeps no s² tensor</source>
            <translation>eager 保存 s² 的分数与 softmax；flash（以及 SDPA 的省显存内核）不保存 s² 张量</translation>
        </message>
        <message>
            <source>Dropout probability</source>
            <translation>Dropout 概率</translation>
        </message>
        <message>
            <source>0 keeps no masks; above 0 every dropout keeps a 1-byte mask and, where the implementation does, its output</source>
            <translation>0 不保存掩码；大于 0 时每个 dropout 保存 1 字节掩码，实现需要时还保存其输出</translation>
        </message>
        <message>
            <source>Recompute</source>
            <translation>重计算</translation>
        </message>
        <message>
            <source>none; selective: the attention core is recomputed; full: each layer keeps only its input</source>
            <translation>none；selective：重算注意力核心；full：每层只保存其输入</translation>
        </message>
        <message>
            <source>Recomputed layers</source>
            <translation>重计算层数</translation>
        </message>
        <message>
            <source>Layers per pipeline stage under full recompute; 0 = all</source>
            <translation>每个流水线阶段中完全重计算的层数；0 表示全部</translation>
        </message>
        <message>
            <source>Loss</source>
            <translation>损失</translation>
        </message>
        <message>
            <source>standard: full logits and cross-entropy; fused: chunked (Liger-style), the full logits never exist</source>
            <translation>standard：完整 logits 与交叉熵；fused：分块计算（Liger 式），完整 logits 从不存在</translation>
        </message>
        <message>
            <source>Tensor parallel t</source>
            <translation>张量并行 t</translation>
        </message>
        <message>
            <source>GPUs that split every layer&apos;s matrices (Megatron TP)</source>
            <translation>切分每层矩阵的 GPU 数（Megatron TP）</translation>
        </message>
        <message>
            <source>Sequence parallel</source>
            <translation>序列并行</translation>
        </message>
        <message>
            <source>With tp &gt; 1, the norms and dropouts are split over the sequence too</source>
            <translation>tp &gt; 1 时，归一化与 dropout 也沿序列切分</translation>
        </message>
        <message>
            <source>Pipeline stages p</source>
            <translation>流水线阶段 p</translation>
        </message>
        <message>
            <source>Pipeline-parallel stages; the layers must divide into p·v chunks</source>
            <translation>流水线并行阶段数；层数须能分成 p·v 块</translation>
        </message>
        <message>
            <source>Virtual stages</source>
            <translation>虚拟阶段</translation>
        </message>
        <message>
            <source>Model chunks per pipeline stage (interleaved 1F1B); 1 = plain 1F1B</source>
            <translation>每个流水线阶段的模型块数（交错 1F1B）；1 表示普通 1F1B</translation>
        </message>
        <message>
            <source>Micro-batches m</source>
            <translation>微批次数 m</translation>
        </message>
        <message>
            <source>Micro-batches per step that the pipeline schedules</source>
            <translation>流水线每步调度的微批次数</translation>
        </message>
        <message>
            <source>Context parallel c</source>
            <translation>上下文并行 c</translation>
        </message>
        <message>
            <source>GPUs that split the sequence (ring attention)</source>
            <translation>切分序列的 GPU 数（环形注意力）</translation>
        </message>
        <message>
            <source>Expert parallel e</source>
            <translation>专家并行 e</translation>
        </message>
        <message>
            <source>GPUs that split the routed experts</source>
            <translation>切分路由专家的 GPU 数</translation>
        </message>
        <message>
            <source>Optimizer</source>
            <translation>优化器</translation>
        </message>
        <message>
            <source>adamw: fp32 m and v (8 B); adam8bit: bitsandbytes&apos; 8-bit m and v (≈ 2 B); sgd: none; sgd-momentum, lion: one fp32 buffer (4 B); adafactor: factored second moments</source>
            <translation>adamw：fp32 的 m 和 v（8 B）；adam8bit：bitsandbytes 的 8 位 m 和 v（约 2 B）；sgd：无；sgd-momentum、lion：一个 fp32 缓冲区（4 B）；adafactor：分解的二阶矩</translation>
        </message>
        <message>
            <source>Adafactor first moment</source>
            <translation>Adafactor 一阶矩</translation>
        </message>
        <message>
            <source>Adafactor with beta1: an fp32 first moment as well (4 B)</source>
            <translation>设置 beta1 的 Adafactor：另有一个 fp32 一阶矩（4 B）</translation>
        </message>
        <message>
            <source>Master weights</source>
            <translation>主权重</translation>
        </message>
        <message>
            <source>Under mixed precision: an fp32 master copy of the trainable weights (4 B), or none (pure 16-bit optimizer step)</source>
            <translation>混合精度下：可训练权重的 fp32 主副本（4 B），或不保留（纯 16 位优化器更新）</translation>
        </message>
        <message>
            <source>Fine-tuning</source>
            <translation>微调方式</translation>
        </message>
        <message>
            <source>full: every weight trained; lora: 16-bit frozen base and adapters; qlora: NF4 frozen base and adapters</source>
            <translation>full：训练所有权重；lora：16 位冻结基座加适配器；qlora：NF4 冻结基座加适配器</translation>
        </message>
        <message>
            <source>LoRA rank r</source>
            <translation>LoRA 秩 r</translation>
        </message>
        <message>
            <source>Rank of each adapter: r·(d_in + d_out) trainable parameters per adapted matrix</source>
            <translation>每个适配器的秩：每个被适配矩阵有 r·(d_in + d_out) 个可训练参数</translation>
        </message>
        <message>
            <source>LoRA targets</source>
            <translation>LoRA 目标矩阵</translation>
        </message>
        <message>
            <source>The adapted matrices, a list of q, k, v, o, gate, up, down, or all-linear</source>
            <translation>被适配的矩阵：q、k、v、o、gate、up、down 的列表，或 all-linear</translation>
        </message>
        <message>
            <source>CPU offload</source>
            <translation>CPU 卸载</translation>
        </message>
        <message>
            <source>ZeRO-Offload: the optimizer states and master weights (needs ZeRO 1–3), or those and the weights (ZeRO-3), in host memory</source>
            <translation>ZeRO-Offload：把优化器状态和主权重（需要 ZeRO 1–3），或再加上权重（ZeRO-3），放到主机内存</translation>
        </message>
        <message>
            <source>Gradient accumulation k</source>
            <translation>梯度累积步数 k</translation>
        </message>
        <message>
            <source>Micro-batches per optimizer step; the global batch is N·b·k</source>
            <translation>每次优化器更新的微批次数；全局批量为 N·b·k</translation>
        </message>
    </context>
    <context>
        <name>ParameterFormula</name>
        <message>
            <source>Token embedding</source>
            <translation>词元嵌入</translation>
        </message>
        <message>
            <source>Position table</source>
            <translation>位置表</translation>
        </message>
        <message>
            <source>Attention Q, K, V, O</source>
            <translation>注意力 Q、K、V、O</translation>
        </message>
        <message>
            <source>QK-norm</source>
            <translation>QK 归一化</translation>
        </message>
        <message>
            <source>Feed-forward</source>
            <translation>前馈网络</translation>
        </message>
        <message>
            <source>Routed experts</source>
            <translation>路由专家</translation>
        </message>
        <message>
            <source>Shared experts</source>
            <translation>共享专家</translation>
        </message>
        <message>
            <source>Router</source>
            <translation>路由器</translation>
        </message>
        <message>
            <source>Norms</source>
            <translation>归一化层</translation>
        </message>
        <message>
            <source>LM head (untied)</source>
            <translation>输出头（不共享权重）</translation>
        </message>
        <message>
            <source>Parameters of this architecture, by group</source>
            <translation>本架构的参数（按组）</translation>
        </message>
        <message>
            <source>Total</source>
            <translation>合计</translation>
        </message>
        <message>
            <source>Active per token (k of E routed experts)</source>
            <translation>每个词元激活的参数（E 个路由专家中的 k 个）</translation>
        </message>
        <message>
            <source>d_h is the head width, g the key/value heads; the symbols are those of the input table.</source>
            <translation>d_h 为每个注意力头的宽度，g 为键/值头数；符号与输入表一致。</translation>
        </message>
    </context>
    <context>
        <name>FitCommand</name>
        <message>
            <source>fit needs exactly one of --gpu NAME (%1) or --capacity BYTES</source>
            <translation>fit 需要 --gpu NAME（%1）或 --capacity BYTES 二者之一</translation>
        </message>
        <message>
            <source>--gpu must be one of %1, not "%2"</source>
            <translation>--gpu 必须是 %1 之一，而不是“%2”</translation>
        </message>
        <message>
            <source>--capacity must be a whole number of bytes from 1 to %1, not "%2"</source>
            <translation>--capacity 必须是 1 到 %1 之间的整数字节数，而不是“%2”</translation>
        </message>
        <message>
            <source>Usage: llm-gpu-memory fit --gpu NAME|--capacity BYTES [options]</source>
            <translation>用法：llm-gpu-memory fit --gpu NAME|--capacity BYTES [选项]</translation>
        </message>
        <message>
            <source>The GPU of the catalogue: %1</source>
            <translation>目录中的 GPU：%1</translation>
        </message>
        <message>
            <source>Memory of one GPU in bytes, instead of --gpu</source>
            <translation>单块 GPU 的显存字节数，代替 --gpu</translation>
        </message>
        <message>
            <source>Output format: text, json, csv (default text)</source>
            <translation>输出格式：text、json、csv（默认 text）</translation>
        </message>
        <message>
            <source>Show this help and exit</source>
            <translation>显示本帮助并退出</translation>
        </message>
        <message>
            <source>%1 on %2 GPUs%6, micro-batch %3 × %4 accumulation steps: %5 per GPU</source>
            <translation>%1，%2 块 GPU%6，微批次 %3 × %4 步梯度累积：每 GPU %5</translation>
        </message>
        <message>
            <source>  … and %1 more (--format json lists them all)</source>
            <translation>  …… 另有 %1 个（--format json 列出全部）</translation>
        </message>
        <message>
            <source>%1 on one GPU, micro-batch %2 × %3 accumulation steps: %4 per GPU</source>
            <translation>%1，1 块 GPU，微批次 %2 × %3 步梯度累积：每 GPU %4</translation>
        </message>
        <message>
            <source>%1 on one GPU%5, micro-batch %2 × %3 accumulation steps: %4 per GPU</source>
            <translation>%1，1 块 GPU%5，微批次 %2 × %3 步梯度累积：每 GPU %4</translation>
        </message>
        <message>
            <source>%1. %2, %3 left; binds: %4</source>
            <translation>%1. %2，剩余 %3；瓶颈：%4</translation>
        </message>
        <message>
            <source>a GPU of %1 bytes</source>
            <translation>%1 字节的 GPU</translation>
        </message>
        <message>
            <source>%1 (%2 bytes)</source>
            <translation>%1（%2 字节）</translation>
        </message>
        <message>
            <source>Fit on %1, %2 available:</source>
            <translation>在 %1 上求解，可用 %2：</translation>
        </message>
        <message>
            <source>  largest micro-batch b with the given settings: %1</source>
            <translation>  给定设置下最大的微批次 b：%1</translation>
        </message>
        <message>
            <source>  longest context s with the given settings: %1</source>
            <translation>  给定设置下最长的上下文 s：%1</translation>
        </message>
        <message>
            <source>Fewest GPUs per strategy (0: none fits):</source>
            <translation>各策略所需最少 GPU 数（0：都放不下）：</translation>
        </message>
        <message>
            <source>Nothing fits on %1 GPUs.</source>
            <translation>%1 块 GPU 上没有能放下的方案。</translation>
        </message>
        <message>
            <source>Nothing fits on one GPU.</source>
            <translation>1 块 GPU 上没有能放下的方案。</translation>
        </message>
        <message>
            <source>Closest: %1, over by %2; binds: %3</source>
            <translation>最接近的：%1，超出 %2；瓶颈：%3</translation>
        </message>
        <message>
            <source>Set-ups that fit on %1 GPUs, cheapest first:</source>
            <translation>%1 块 GPU 上能放下的方案，代价最低的在前：</translation>
        </message>
        <message>
            <source>Set-ups that fit on one GPU, cheapest first:</source>
            <translation>1 块 GPU 上能放下的方案，代价最低的在前：</translation>
        </message>
        <message>
            <source>Solves what fits on a GPU: the largest micro-batch and context, the fewest GPUs per strategy and the set-ups that fit.</source>
            <translation>求解一块 GPU 上能放下什么：最大的微批次和上下文、各策略最少的 GPU 数，以及能放下的方案。</translation>
        </message>
        <message>
            <source>unexpected argument "%1"; run "llm-gpu-memory fit --help" for the valid options</source>
            <translation>多余的参数“%1”；运行“llm-gpu-memory fit --help”查看有效选项</translation>
        </message>
        <message>
            <source>--format must be one of text, json, csv, not "%1"</source>
            <translation>--format 必须是 text、json、csv 之一，而不是“%1”</translation>
        </message>
        <message>
            <source>Set-ups are ranked by a stated cost, compared in this order: less recompute (none, selective, full), smaller t·p, smaller t, no offload, a larger micro-batch, then the strategy order ddp, zero1, zero2, zero3, fsdp-full, fsdp-grad-op, fsdp-hybrid. Each keeps the global batch b · accumulation · data-parallel size of the given settings.</source>
            <translation>方案按一个明确的代价排序，依次比较：重计算更少（none、selective、full）、t·p 更小、t 更小、不卸载、微批次更大，最后按策略顺序 ddp、zero1、zero2、zero3、fsdp-full、fsdp-grad-op、fsdp-hybrid。每个方案都保持给定设置的全局批次 b · 累积步数 · 数据并行规模。</translation>
        </message>
        <message>
            <source>%1 on %2 GPUs, micro-batch %3 × %4 accumulation steps: %5 per GPU</source>
            <translation>%1，%2 块 GPU，微批次 %3 × %4 步梯度累积：每 GPU %5</translation>
        </message>
    </context>
    <context>
        <name>lgm::ui::FitPanel</name>
        <message>
            <source>layout</source>
            <translation>布局</translation>
        </message>
        <message>
            <source>activations at the start of backward</source>
            <translation>反向传播开始时的激活值</translation>
        </message>
        <message>
            <source>Nothing fits on %1 GPUs: the row is the closest set-up.</source>
            <translation>%1 块 GPU 上没有能放下的方案：下面一行是最接近的方案。</translation>
        </message>
        <message>
            <source>Nothing fits on one GPU: the row is the closest set-up.</source>
            <translation>1 块 GPU 上没有能放下的方案：下面一行是最接近的方案。</translation>
        </message>
        <message>
            <source>activations</source>
            <translation>激活值</translation>
        </message>
        <message>
            <source>optimizer states</source>
            <translation>优化器状态</translation>
        </message>
        <message>
            <source>gradients</source>
            <translation>梯度</translation>
        </message>
        <message>
            <source>parameters</source>
            <translation>参数</translation>
        </message>
        <message>
            <source>strategy</source>
            <translation>策略</translation>
        </message>
        <message>
            <source>GPUs</source>
            <translation>GPU 数</translation>
        </message>
        <message>
            <source>micro-batch × steps</source>
            <translation>微批次 × 步数</translation>
        </message>
        <message>
            <source>per GPU</source>
            <translation>每 GPU</translation>
        </message>
        <message>
            <source>headroom</source>
            <translation>余量</translation>
        </message>
        <message>
            <source>binds</source>
            <translation>瓶颈</translation>
        </message>
        <message>
            <source>Cheapest first: no recompute, smaller t·p, no offload and larger micro-batches rank first, then the strategy order. Each keeps the global batch. Click a row to apply it.</source>
            <translation>代价最低的在前：不重计算、t·p 更小、不卸载、微批次更大的排在前面，然后按策略顺序。每个方案都保持全局批次。点击一行即可应用。</translation>
        </message>
        <message>
            <source>What fits on %1 (%2 each)</source>
            <translation>%1 上能放下什么（每块 %2）</translation>
        </message>
        <message>
            <source>%1: %2</source>
            <translation>%1：%2</translation>
        </message>
        <message>
            <source>none</source>
            <translation>无</translation>
        </message>
        <message>
            <source>Largest micro-batch b: %1
Longest context s: %2
Fewest GPUs: %3</source>
            <translation>最大微批次 b：%1
最长上下文 s：%2
最少 GPU 数：%3</translation>
        </message>
        <message>
            <source>%1 × %2</source>
            <translation>%1 × %2</translation>
        </message>
        <message>
            <source>over by %1</source>
            <translation>超出 %1</translation>
        </message>
    </context>
    <context>
        <name>lgm::ui::TimelineChart</name>
        <message>
            <source>parameters</source>
            <translation>参数</translation>
        </message>
        <message>
            <source>gradients</source>
            <translation>梯度</translation>
        </message>
        <message>
            <source>optimizer states</source>
            <translation>优化器状态</translation>
        </message>
        <message>
            <source>activations</source>
            <translation>激活值</translation>
        </message>
        <message>
            <source>transients</source>
            <translation>临时张量</translation>
        </message>
        <message>
            <source>buffers</source>
            <translation>缓冲区</translation>
        </message>
        <message>
            <source>overhead</source>
            <translation>开销</translation>
        </message>
        <message>
            <source>Memory over one training step (busiest GPU)</source>
            <translation>一个训练步内的显存（最忙的 GPU）</translation>
        </message>
        <message>
            <source>progress through the step</source>
            <translation>训练步进度</translation>
        </message>
        <message>
            <source>forward, layer %1</source>
            <translation>前向，第 %1 层</translation>
        </message>
        <message>
            <source>the loss</source>
            <translation>损失</translation>
        </message>
        <message>
            <source>backward, layer %1</source>
            <translation>反向，第 %1 层</translation>
        </message>
        <message>
            <source>the optimizer step</source>
            <translation>优化器更新</translation>
        </message>
        <message>
            <source>%1 %2</source>
            <translation>%1 %2</translation>
        </message>
        <message>
            <source>peak %1 at %2</source>
            <translation>峰值 %1，位于%2</translation>
        </message>
        <message>
            <source>forward</source>
            <translation>前向</translation>
        </message>
        <message>
            <source>loss</source>
            <translation>损失</translation>
        </message>
        <message>
            <source>backward</source>
            <translation>反向</translation>
        </message>
        <message>
            <source>optimizer</source>
            <translation>优化器</translation>
        </message>
        <message>
            <source>memory on the busiest GPU</source>
            <translation>最忙 GPU 的显存</translation>
        </message>
    </context>
    <context>
        <name>FitText</name>
        <message>
            <source>the frozen base weights</source>
            <translation>冻结的基座权重</translation>
        </message>
        <message>
            <source>the fp32 gradient-accumulation buffer</source>
            <translation>fp32 梯度累积缓冲区</translation>
        </message>
        <message>
            <source>the layers&apos; saved activations</source>
            <translation>各层保存的激活</translation>
        </message>
        <message>
            <source>%1, first pipeline stage</source>
            <translation>%1，第一个流水线阶段</translation>
        </message>
        <message>
            <source>%1, last pipeline stage</source>
            <translation>%1，最后一个流水线阶段</translation>
        </message>
        <message>
            <source>selective recompute</source>
            <translation>选择性重计算</translation>
        </message>
        <message>
            <source>full recompute</source>
            <translation>完全重计算</translation>
        </message>
        <message>
            <source>t = %1</source>
            <translation>t = %1</translation>
        </message>
        <message>
            <source>p = %1</source>
            <translation>p = %1</translation>
        </message>
        <message>
            <source>offload</source>
            <translation>卸载</translation>
        </message>
        <message>
            <source>the logits&apos; gradient at the start of backward</source>
            <translation>反向开始时 logits 的梯度</translation>
        </message>
        <message>
            <source>autocast&apos;s 16-bit weight copies</source>
            <translation>autocast 的 16 位权重副本</translation>
        </message>
        <message>
            <source>gathered parameter units</source>
            <translation>聚合的参数单元</translation>
        </message>
        <message>
            <source>one layer rebuilt while its backward runs</source>
            <translation>反向时重算的一层</translation>
        </message>
        <message>
            <source>activations of all layers, held at the start of backward</source>
            <translation>所有层的激活值（反向传播开始时全部保留）</translation>
        </message>
        <message>
            <source>optimizer states</source>
            <translation>优化器状态</translation>
        </message>
        <message>
            <source>gradients</source>
            <translation>梯度</translation>
        </message>
        <message>
            <source>parameters</source>
            <translation>参数</translation>
        </message>
    </context>
    <context>
        <name>AccountingComparison</name>
        <message>
            <source>attention, linear in s</source>
            <translation>注意力，随 s 线性</translation>
        </message>
        <message>
            <source>attention scores, s²</source>
            <translation>注意力分数，s²</translation>
        </message>
        <message>
            <source>feed-forward</source>
            <translation>前馈</translation>
        </message>
        <message>
            <source>kept by one layer</source>
            <translation>一层保留</translation>
        </message>
        <message>
            <source>parameters</source>
            <translation>参数</translation>
        </message>
        <message>
            <source>gradients</source>
            <translation>梯度</translation>
        </message>
        <message>
            <source>optimizer states</source>
            <translation>优化器状态</translation>
        </message>
        <message>
            <source>framework buffers</source>
            <translation>框架缓冲区</translation>
        </message>
        <message>
            <source>layer activations</source>
            <translation>各层激活</translation>
        </message>
        <message>
            <source>embedding, logits, loss</source>
            <translation>嵌入、logits、损失</translation>
        </message>
        <message>
            <source>transient at the peak</source>
            <translation>峰值时的临时量</translation>
        </message>
        <message>
            <source>runtime overhead</source>
            <translation>运行时开销</translation>
        </message>
        <message>
            <source>peak per GPU</source>
            <translation>每 GPU 峰值</translation>
        </message>
    </context>
    <context>
        <name>DetailedDerivation</name>
        <message>
            <source>6. As frameworks run it: the busiest GPU at its peak</source>
            <translation>6. 按框架实际运行：最忙 GPU 的峰值</translation>
        </message>
        <message>
            <source>Peak per GPU (per_gpu.peak)</source>
            <translation>每 GPU 峰值（per_gpu.peak）</translation>
        </message>
        <message>
            <source>Pipeline stage %1 of this layout, %2 layers, %3 micro-batch chunks in flight; the peak is at the %4.</source>
            <translation>此布局的流水线阶段 %1，%2 层，%3 个微批次块在途；峰值出现在%4。</translation>
        </message>
        <message>
            <source>7. One routed layer&apos;s saved tensors (one micro-batch, this GPU)</source>
            <translation>7. 一个路由层保存的张量（一个微批次，本 GPU）</translation>
        </message>
        <message>
            <source>7. One layer&apos;s saved tensors (one micro-batch, this GPU)</source>
            <translation>7. 一层保存的张量（一个微批次，本 GPU）</translation>
        </message>
        <message>
            <source>The layer without recompute</source>
            <translation>不重计算时的这一层</translation>
        </message>
        <message>
            <source>w: elements per token, B: bytes per element, a: heads, k: copies (top-k); divided by the tensor and context parallel degrees that shard it. Recompute keeps less: see the peak above.</source>
            <translation>w：每个词元的元素数，B：每个元素的字节数，a：头数，k：副本数（top-k）；再除以切分它的张量并行和上下文并行度。重计算保留得更少：见上面的峰值。</translation>
        </message>
        <message>
            <source>8. From the estimate to what nvidia-smi shows</source>
            <translation>8. 从估算到 nvidia-smi 显示的值</translation>
        </message>
        <message>
            <source>Allocated (torch.cuda.max_memory_allocated)</source>
            <translation>已分配（torch.cuda.max_memory_allocated）</translation>
        </message>
        <message>
            <source>= Reserved (torch.cuda.max_memory_reserved)</source>
            <translation>= 已预留（torch.cuda.max_memory_reserved）</translation>
        </message>
        <message>
            <source>= What nvidia-smi shows</source>
            <translation>= nvidia-smi 显示的值</translation>
        </message>
        <message>
            <source>The CUDA context and NCCL buffers are not seen by torch.cuda.memory_allocated; the peak above leaves them out.</source>
            <translation>CUDA 上下文和 NCCL 缓冲区不在 torch.cuda.memory_allocated 的统计内；上面的峰值不包含它们。</translation>
        </message>
        <message>
            <source>Parameters</source>
            <translation>参数</translation>
        </message>
        <message>
            <source>Gradients</source>
            <translation>梯度</translation>
        </message>
        <message>
            <source>Optimizer states</source>
            <translation>优化器状态</translation>
        </message>
        <message>
            <source>Autocast weight copies</source>
            <translation>autocast 权重副本</translation>
        </message>
        <message>
            <source>DDP bucket copy</source>
            <translation>DDP 桶副本</translation>
        </message>
        <message>
            <source>FSDP gathered units</source>
            <translation>FSDP 聚合的单元</translation>
        </message>
        <message>
            <source>FSDP reduce-scatter buffer</source>
            <translation>FSDP reduce-scatter 缓冲区</translation>
        </message>
        <message>
            <source>ZeRO-3 gathered layer</source>
            <translation>ZeRO-3 聚合的层</translation>
        </message>
        <message>
            <source>ZeRO-3 prefetch</source>
            <translation>ZeRO-3 预取</translation>
        </message>
        <message>
            <source>Layer activations</source>
            <translation>各层激活</translation>
        </message>
        <message>
            <source>Recompute of one layer</source>
            <translation>一层的重计算</translation>
        </message>
        <message>
            <source>Recompute of one attention core</source>
            <translation>一个注意力核心的重计算</translation>
        </message>
        <message>
            <source>Cross-entropy backward</source>
            <translation>交叉熵反向</translation>
        </message>
        <message>
            <source>16-bit logits</source>
            <translation>16 位 logits</translation>
        </message>
        <message>
            <source>Loss backward</source>
            <translation>损失反向</translation>
        </message>
        <message>
            <source>Fused loss chunk</source>
            <translation>融合损失分块</translation>
        </message>
        <message>
            <source>Allocator reserve</source>
            <translation>分配器预留</translation>
        </message>
        <message>
            <source>CUDA context</source>
            <translation>CUDA 上下文</translation>
        </message>
        <message>
            <source>NCCL buffers</source>
            <translation>NCCL 缓冲区</translation>
        </message>
        <message>
            <source>No transient</source>
            <translation>无临时量</translation>
        </message>
        <message>
            <source>start of backward</source>
            <translation>反向开始时</translation>
        </message>
        <message>
            <source>recompute in backward</source>
            <translation>反向中的重计算</translation>
        </message>
    </context>
    <context>
        <name>DetailedFormula</name>
        <message>
            <source>2·s·b·v/t: the 16-bit logits beside the fp32 softmax</source>
            <translation>2·s·b·v/t：fp32 softmax 旁的 16 位 logits</translation>
        </message>
        <message>
            <source>8·s·b·v: NLL and log_softmax fp32 gradients (12 B per logit with the saved 4)</source>
            <translation>8·s·b·v：NLL 与 log_softmax 的 fp32 梯度（加上保存的 4 B，每个 logit 12 B）</translation>
        </message>
        <message>
            <source>CUDA context, one per process (default 500 MiB)</source>
            <translation>CUDA 上下文，每个进程一个（默认 500 MiB）</translation>
        </message>
        <message>
            <source>bytes per layer</source>
            <translation>每层字节数</translation>
        </message>
        <message>
            <source>caching allocator: reserved − allocated, a share of allocated (default +10%)</source>
            <translation>缓存分配器：预留 − 已分配，按已分配的比例（默认 +10%）</translation>
        </message>
        <message>
            <source>communicators (dp, tp, pp, cp, ep &gt; 1) × bytes per communicator (default 256 MiB)</source>
            <translation>通信器数（dp、tp、pp、cp、ep &gt; 1）× 每个通信器的字节数（默认 256 MiB）</translation>
        </message>
        <message>
            <source>heads × bytes × b·s² ÷ t ÷ c</source>
            <translation>头数 × 字节数 × b·s² ÷ t ÷ c</translation>
        </message>
        <message>
            <source>next_pow2(⌈BT/⌈v/h⌉⌉) rows × v × 4 B</source>
            <translation>next_pow2(⌈BT/⌈v/h⌉⌉) 行 × v × 4 B</translation>
        </message>
        <message>
            <source>one layer&apos;s attention core, rebuilt in backward</source>
            <translation>一层的注意力核心，在反向中重建</translation>
        </message>
        <message>
            <source>one layer&apos;s saved tensors, rebuilt in backward</source>
            <translation>一层保存的张量，在反向中重建</translation>
        </message>
        <message>
            <source>per token × s·b × min(p, m) micro-batches</source>
            <translation>每词元 × s·b × min(p, m) 个微批次</translation>
        </message>
        <message>
            <source>per token × s·b, one micro-batch</source>
            <translation>每词元 × s·b，一个微批次</translation>
        </message>
        <message>
            <source>per-layer saved tensors × layers/stage × in-flight chunks / v</source>
            <translation>每层保存的张量 × 每阶段层数 × 在途块数 / v</translation>
        </message>
        <message>
            <source>width × bytes × s·b ÷ its shards (t, c)</source>
            <translation>宽度 × 字节数 × s·b ÷ 其切分（t、c）</translation>
        </message>
        <message>
            <source>no transient at this moment</source>
            <translation>此刻无临时量</translation>
        </message>
        <message>
            <source>one more copy of the gradients</source>
            <translation>梯度的又一份副本</translation>
        </message>
        <message>
            <source>2 units (current + prefetched) unsharded, in the weights&apos; dtype</source>
            <translation>2 个单元（当前 + 预取）未切分，按权重的数据类型</translation>
        </message>
        <message>
            <source>one unit&apos;s unsharded gradient before reduce-scatter</source>
            <translation>reduce-scatter 之前一个单元的未切分梯度</translation>
        </message>
        <message>
            <source>the layer being computed, gathered</source>
            <translation>正在计算的层，已聚合</translation>
        </message>
        <message>
            <source>stage3_prefetch_bucket_size (5e7) elements</source>
            <translation>stage3_prefetch_bucket_size（5e7）个元素</translation>
        </message>
        <message>
            <source>Ψ_stage/t (experts /e·t), sharded by the strategy over N/(t·p·c)</source>
            <translation>Ψ_stage/t（专家 /e·t），按策略在 N/(t·p·c) 上切分</translation>
        </message>
        <message>
            <source>gradient bytes × the stage&apos;s parameters on this GPU</source>
            <translation>梯度字节数 × 本 GPU 上该阶段的参数</translation>
        </message>
        <message>
            <source>optimizer bytes (master copy, Adam m and v) × parameters</source>
            <translation>优化器字节数（主副本、Adam m 和 v）× 参数</translation>
        </message>
        <message>
            <source>2 B × every matmul weight, cast once and saved until its backward</source>
            <translation>2 B × 每个矩阵乘权重，转换一次并保存到其反向</translation>
        </message>
    </context>
    <context>
        <name>lgm::ui::SummaryAccounting</name>
        <message>
            <source>Runtime: what nvidia-smi shows</source>
            <translation>运行时：nvidia-smi 显示的值</translation>
        </message>
        <message>
            <source>allocated (the estimate)</source>
            <translation>已分配（估算）</translation>
        </message>
        <message>
            <source>= reserved</source>
            <translation>= 已预留</translation>
        </message>
        <message>
            <source>= nvidia-smi</source>
            <translation>= nvidia-smi 显示</translation>
        </message>
        <message>
            <source>Frameworks (current) vs lecture note</source>
            <translation>框架实际运行（当前）对照讲义</translation>
        </message>
        <message>
            <source>Lecture note (current) vs frameworks</source>
            <translation>讲义（当前）对照框架实际运行</translation>
        </message>
        <message>
            <source>peak per GPU, lecture note</source>
            <translation>每 GPU 峰值，讲义</translation>
        </message>
        <message>
            <source>peak per GPU, frameworks</source>
            <translation>每 GPU 峰值，框架</translation>
        </message>
        <message>
            <source>frameworks ÷ lecture note</source>
            <translation>框架 ÷ 讲义</translation>
        </message>
        <message>
            <source>layout does not fit</source>
            <translation>布局与模型不匹配</translation>
        </message>
        <message>
            <source>peak moment</source>
            <translation>峰值时刻</translation>
        </message>
        <message>
            <source>kept by one layer</source>
            <translation>一层保留</translation>
        </message>
        <message>
            <source>layer activations</source>
            <translation>各层激活</translation>
        </message>
    </context>
    <context>
        <name>lgm::ui::AccountingTable</name>
        <message>
            <source>–</source>
            <translation>–</translation>
        </message>
        <message>
            <source>One layer, one micro-batch, on this GPU</source>
            <translation>一层，一个微批次，本 GPU</translation>
        </message>
        <message>
            <source>The busiest GPU at its peak</source>
            <translation>最忙 GPU 的峰值</translation>
        </message>
        <message>
            <source>The busiest GPU at its peak (this layout does not fit the model)</source>
            <translation>最忙 GPU 的峰值（此布局与模型不匹配）</translation>
        </message>
        <message>
            <source>Lecture note vs frameworks: where the two accountings differ</source>
            <translation>讲义与框架对比：两种计法的差别</translation>
        </message>
        <message>
            <source>term</source>
            <translation>项</translation>
        </message>
        <message>
            <source>lecture note</source>
            <translation>讲义</translation>
        </message>
        <message>
            <source>frameworks</source>
            <translation>框架</translation>
        </message>
        <message>
            <source>difference</source>
            <translation>差值</translation>
        </message>
    </context>
    <context>
        <name>Optimizers</name>
        <message>
            <source>AdamW</source>
            <translation>AdamW</translation>
        </message>
        <message>
            <source>8-bit Adam</source>
            <translation>8 位 Adam</translation>
        </message>
        <message>
            <source>SGD</source>
            <translation>SGD</translation>
        </message>
        <message>
            <source>SGD with momentum</source>
            <translation>带动量的 SGD</translation>
        </message>
        <message>
            <source>Adafactor</source>
            <translation>Adafactor</translation>
        </message>
        <message>
            <source>Lion</source>
            <translation>Lion</translation>
        </message>
    </context>
    <context>
        <name>lgm::ui::BreakdownViewMenu</name>
        <message>
            <source>&amp;Breakdown chart</source>
            <translation>分解图(&amp;B)</translation>
        </message>
        <message>
            <source>fp32 against &amp;mixed precision</source>
            <translation>fp32 与混合精度对比(&amp;M)</translation>
        </message>
        <message>
            <source>&amp;Full fine-tuning against LoRA and QLoRA</source>
            <translation>全量微调与 LoRA、QLoRA 对比(&amp;F)</translation>
        </message>
    </context>
</TS>
