import { closest } from './known-keys.js';
import { singleLineProblem } from '../formats/text.js';

/**
 * PostgreSQL server settings (`postgres --describe-config` of 15, plus those added in 16 to 18),
 * to catch a typo'd `tuning` key such as `shared_buffer`, which the server would refuse at start.
 */
const SETTINGS = new Set(`
DateStyle IntervalStyle TimeZone allow_alter_system archive_cleanup_command archive_command
archive_library archive_mode archive_timeout array_nulls authentication_timeout autovacuum
autovacuum_analyze_scale_factor autovacuum_analyze_threshold autovacuum_freeze_max_age
autovacuum_max_workers autovacuum_multixact_freeze_max_age autovacuum_naptime
autovacuum_vacuum_cost_delay autovacuum_vacuum_cost_limit autovacuum_vacuum_insert_scale_factor
autovacuum_vacuum_insert_threshold autovacuum_vacuum_max_threshold autovacuum_vacuum_scale_factor
autovacuum_vacuum_threshold autovacuum_work_mem autovacuum_worker_slots backend_flush_after
backslash_quote bgwriter_delay bgwriter_flush_after bgwriter_lru_maxpages bgwriter_lru_multiplier
bonjour bonjour_name bytea_output check_function_bodies checkpoint_completion_target
checkpoint_flush_after checkpoint_timeout checkpoint_warning client_connection_check_interval
client_encoding client_min_messages cluster_name commit_delay commit_siblings
commit_timestamp_buffers compute_query_id constraint_exclusion cpu_index_tuple_cost
cpu_operator_cost cpu_tuple_cost createrole_self_grant cursor_tuple_fraction data_checksums
data_directory data_sync_retry db_user_namespace deadlock_timeout debug_io_direct
debug_logical_replication_streaming debug_pretty_print debug_print_parse debug_print_plan
debug_print_rewritten default_statistics_target default_table_access_method default_tablespace
default_text_search_config default_toast_compression default_transaction_deferrable
default_transaction_isolation default_transaction_read_only dynamic_library_path
dynamic_shared_memory_type effective_cache_size effective_io_concurrency effective_wal_level
enable_async_append enable_bitmapscan enable_distinct_reordering enable_gathermerge
enable_group_by_reordering enable_hashagg enable_hashjoin enable_incremental_sort
enable_indexonlyscan enable_indexscan enable_material enable_memoize enable_mergejoin
enable_nestloop enable_parallel_append enable_parallel_hash enable_partition_pruning
enable_partitionwise_aggregate enable_partitionwise_join enable_presorted_aggregate
enable_self_join_elimination enable_seqscan enable_sort enable_tidscan escape_string_warning
event_source event_triggers exit_on_error extension_control_path extension_destdir external_pid_file
extra_float_digits file_copy_method from_collapse_limit fsync full_page_writes geqo geqo_effort
geqo_generations geqo_pool_size geqo_seed geqo_selection_bias geqo_threshold gin_fuzzy_search_limit
gin_pending_list_limit gss_accept_delegation hash_mem_multiplier hba_file hot_standby
hot_standby_feedback huge_page_size huge_pages huge_pages_status icu_validation_level ident_file
idle_in_transaction_session_timeout idle_replication_slot_timeout idle_session_timeout
io_combine_limit io_max_concurrency io_method io_workers jit jit_above_cost jit_inline_above_cost
jit_optimize_above_cost jit_provider join_collapse_limit krb_caseins_users krb_server_keyfile
lc_messages lc_monetary lc_numeric lc_time listen_addresses lo_compat_privileges
local_preload_libraries lock_timeout log_autovacuum_min_duration log_checkpoints log_connections
log_destination log_directory log_disconnections log_duration log_error_verbosity log_executor_stats
log_file_mode log_filename log_hostname log_line_prefix log_lock_failure log_lock_waits
log_min_duration_sample log_min_duration_statement log_min_error_statement log_min_messages
log_parameter_max_length log_parameter_max_length_on_error log_parser_stats log_planner_stats
log_recovery_conflict_waits log_replication_commands log_rotation_age log_rotation_size
log_startup_progress_interval log_statement log_statement_sample_rate log_statement_stats
log_temp_files log_timezone log_transaction_sample_rate log_truncate_on_rotation logging_collector
logical_decoding_work_mem logical_replication_mode maintenance_io_concurrency maintenance_work_mem
max_active_replication_origins max_connections max_files_per_process max_locks_per_transaction
max_logical_replication_workers max_notify_queue_pages max_parallel_apply_workers_per_subscription
max_parallel_maintenance_workers max_parallel_workers max_parallel_workers_per_gather
max_pred_locks_per_page max_pred_locks_per_relation max_pred_locks_per_transaction
max_prepared_transactions max_replication_slots max_slot_wal_keep_size max_stack_depth
max_standby_archive_delay max_standby_streaming_delay max_sync_workers_per_subscription
max_wal_senders max_wal_size max_worker_processes md5_password_warnings min_dynamic_shared_memory
min_parallel_index_scan_size min_parallel_table_scan_size min_wal_size multixact_member_buffers
multixact_offset_buffers notify_buffers num_os_semaphores oauth_validator_libraries
old_snapshot_threshold parallel_leader_participation parallel_setup_cost parallel_tuple_cost
password_encryption plan_cache_mode port primary_conninfo primary_slot_name promote_trigger_file
quote_all_identifiers random_page_cost recovery_end_command recovery_init_sync_method
recovery_min_apply_delay recovery_prefetch recovery_target recovery_target_action
recovery_target_inclusive recovery_target_lsn recovery_target_name recovery_target_time
recovery_target_timeline recovery_target_xid recursive_worktable_factor require_auth
reserved_connections restart_after_crash restore_command row_security scram_iterations search_path
send_abort_for_crash send_abort_for_kill seq_page_cost serializable_buffers
session_preload_libraries session_replication_role shared_buffers shared_memory_type
shared_preload_libraries ssl ssl_ca_file ssl_cert_file ssl_ciphers ssl_crl_dir ssl_crl_file
ssl_dh_params_file ssl_ecdh_curve ssl_groups ssl_key_file ssl_max_protocol_version
ssl_min_protocol_version ssl_passphrase_command ssl_passphrase_command_supports_reload
ssl_prefer_server_ciphers ssl_tls13_ciphers standard_conforming_strings statement_timeout
stats_fetch_consistency subtransaction_buffers summarize_wal superuser_reserved_connections
sync_replication_slots synchronize_seqscans synchronized_standby_slots synchronous_commit
synchronous_standby_names syslog_facility syslog_ident syslog_sequence_numbers syslog_split_messages
tcp_keepalives_count tcp_keepalives_idle tcp_keepalives_interval tcp_user_timeout temp_buffers
temp_file_limit temp_tablespaces timezone_abbreviations trace_connection_negotiation
track_activities track_activity_query_size track_commit_timestamp track_cost_delay_timing
track_counts track_functions track_io_timing track_wal_io_timing transaction_buffers
transaction_timeout transform_null_equals unix_socket_directories unix_socket_group
unix_socket_permissions update_process_title vacuum_buffer_usage_limit vacuum_cost_delay
vacuum_cost_limit vacuum_cost_page_dirty vacuum_cost_page_hit vacuum_cost_page_miss
vacuum_defer_cleanup_age vacuum_failsafe_age vacuum_freeze_min_age vacuum_freeze_table_age
vacuum_max_eager_freeze_failure_rate vacuum_multixact_failsafe_age vacuum_multixact_freeze_min_age
vacuum_multixact_freeze_table_age vacuum_truncate wal_buffers wal_compression wal_decode_buffer_size
wal_init_zero wal_keep_size wal_level wal_log_hints wal_receiver_create_temp_slot
wal_receiver_status_interval wal_receiver_timeout wal_recycle wal_retrieve_retry_interval
wal_sender_timeout wal_skip_threshold wal_summary_keep_time wal_sync_method wal_writer_delay
wal_writer_flush_after work_mem xmlbinary xmloption
`.trim().toLowerCase().split(/\s+/));

/** A custom setting of an extension: `pg_stat_statements.max`. */
const EXTENSION_SETTING = /^[a-z_][a-z0-9_]*\.[a-z_][a-z0-9_]*$/;
const NAME = /^[a-z_][a-z0-9_]*$/;

/** Problem with one `tuning` entry: an error, or (`warning`) a name this list does not know. */
export function tuningProblem(name: string, value: unknown): { message: string; fix: string; warning?: string } | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') {
    return { message: `tuning "${name}" has the value ${JSON.stringify(value) ?? String(value)}, not a string or number.`, fix: `write tuning: { ${name}: '…' }.` };
  }
  const text = String(value);
  const bad = singleLineProblem(text) ?? (text === '' ? 'is empty' : undefined);
  if (bad) return { message: `tuning "${name}" value ${bad}.`, fix: `write a plain value such as '256MB' or 200.` };
  if (EXTENSION_SETTING.test(name) || SETTINGS.has(name.toLowerCase())) return undefined;
  if (!NAME.test(name)) {
    return { message: `tuning parameter "${name}" is not a PostgreSQL setting name.`, fix: 'use names from postgresql.conf, e.g. "shared_buffers".' };
  }
  const near = closest(name, SETTINGS);
  if (near) return { message: `tuning parameter "${name}" is not a PostgreSQL setting; PostgreSQL would refuse to start.`, fix: `did you mean "${near}"?` };
  return {
    warning: 'unknown-postgres-setting',
    message: `tuning parameter "${name}" is not a setting Slipway knows (PostgreSQL 15 to 18).`,
    fix: 'check the name in postgresql.conf; if it is right, acknowledge this warning.',
  };
}
